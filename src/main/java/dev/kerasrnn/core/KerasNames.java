package dev.kerasrnn.core;

/** Keras's naming rules that decide where weights are stored. */
public final class KerasNames {
  private KerasNames() {}

  /**
   * Keras's {@code to_snake_case}: {@code LSTMCell -> lstm_cell}, {@code SimpleRNN ->
   * simple_rnn}, {@code Conv1D -> conv1d} (a digit does not start a word). Keras 3 names the
   * objects in a list (layers, stacked cells) this way ({@code keras.src.utils.naming}).
   */
  public static String toSnakeCase(String className) {
    String s = className.replaceAll("\\W+", "").replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
