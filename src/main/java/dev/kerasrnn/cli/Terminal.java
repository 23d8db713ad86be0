package dev.kerasrnn.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Help.Ansi;

/**
 * Whether stdout and stderr are terminals: the {@code bin/keras-rnn} launcher tells ({@code
 * -Dkerasrnn.stdout.tty}, {@code -Dkerasrnn.stderr.tty}, from {@code [ -t 1 ]} and {@code [ -t 2
 * ]}); without it, a JVM with a console counts as a terminal on both. Colours and progress bars
 * appear only on a terminal, and never with {@code NO_COLOR} set or {@code TERM=dumb}.
 */
final class Terminal {
  private Terminal() {}

  static boolean stdout() {
    return flag("kerasrnn.stdout.tty");
  }

  static boolean stderr() {
    return flag("kerasrnn.stderr.tty");
  }

  /** Colours for picocli's help: only on a terminal. */
  static Ansi ansi() {
    boolean plain = System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"));
    return stdout() && !plain ? Ansi.ON : Ansi.OFF;
  }

  /**
   * Where progress bars and the messages around them go: the terminal itself when stderr is one
   * ({@code -Dkerasrnn.tty=/dev/tty} from the launcher, whose stderr passes through a line filter
   * that would hold back a bar until its line ends), else stderr.
   */
  static PrintStream progressStream() {
    String tty = System.getProperty("kerasrnn.tty");
    if (tty != null && !tty.isEmpty() && stderr()) {
      try {
        return new PrintStream(new FileOutputStream(tty), true, StandardCharsets.UTF_8);
      } catch (IOException | SecurityException e) {
        // no controlling terminal after all: stderr
      }
    }
    return System.err;
  }

  private static boolean flag(String property) {
    String v = System.getProperty(property);
    return v != null ? Boolean.parseBoolean(v) : System.console() != null;
  }
}
