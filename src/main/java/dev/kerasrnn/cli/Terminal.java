package dev.kerasrnn.cli;

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

  private static boolean flag(String property) {
    String v = System.getProperty(property);
    return v != null ? Boolean.parseBoolean(v) : System.console() != null;
  }
}
