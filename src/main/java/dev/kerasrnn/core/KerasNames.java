package dev.kerasrnn.core;

/** Keras's naming rules that decide where weights are stored. */
public final class KerasNames {
  private KerasNames() {}

  /**
   * Keras's {@code to_snake_case}: {@code LSTMCell -> lstm_cell}, {@code SimpleRNN ->
   * simple_rnn}. Keras 3 names the objects in a list (layers, stacked cells) this way.
   */
  public static String toSnakeCase(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
