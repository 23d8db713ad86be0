package dev.kerasrnn.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal ({@code \r}-redrawn, erased at the end); nothing at all
 * when the stream is not a terminal. Messages print on lines of their own either way.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final int total;
  private final boolean terminal;
  private int done;
  private boolean drawn;

  Progress(PrintStream out, int total, boolean terminal) {
    this.out = out;
    this.total = total;
    this.terminal = terminal;
  }

  /** Starts the next item. */
  void step(String item) {
    done++;
    if (terminal) {
      int bar = total == 0 ? WIDTH : done * WIDTH / total;
      String name = item.length() > 40 ? "..." + item.substring(item.length() - 37) : item;
      out.printf("\r\033[K[%s%s] %d/%d %s", "=".repeat(bar), " ".repeat(WIDTH - bar), done,
          total, name);
      out.flush();
      drawn = true;
    }
  }

  /** A line of its own (e.g. a file that failed), above the bar. */
  void message(String line) {
    clear();
    out.println(line);
  }

  /** Erases the bar. */
  void done() {
    clear();
  }

  private void clear() {
    if (drawn) {
      out.print("\r\033[K");
      out.flush();
      drawn = false;
    }
  }
}
