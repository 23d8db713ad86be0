package dev.kerasrnn.cli;

import dev.kerasrnn.runtime.Environment;
import java.util.Map;

/** The help footer: the environment of the bit-exact terms, and what this process has. */
final class EnvironmentHelp {
  private EnvironmentHelp() {}

  static String footer() {
    boolean launcher = System.getProperty("kerasrnn.launcher") != null;
    StringBuilder sb = new StringBuilder("Environment (README, \"Terms of the bit-exact promise\"):"
        + " bits equal Keras's with%n");
    for (Map.Entry<String, String> e : Environment.PINNED.entrySet()) {
      String actual = System.getenv(e.getKey());
      sb.append(String.format("  %-24s %-6s (now: %s)%n", e.getKey(), e.getValue(),
          actual == null ? "unset" : actual.equals(e.getValue()) ? actual : actual + ", DIFFERS"));
    }
    sb.append(launcher
        ? "bin/keras-rnn sets each of these unless it is already set (your value wins), and%n"
            + "TF_CPP_MIN_LOG_LEVEL=2 (0 with --verbose) before TensorFlow's native library loads.%n"
        : "Set them before starting Java (bin/keras-rnn does so).%n");
    return sb.toString();
  }
}
