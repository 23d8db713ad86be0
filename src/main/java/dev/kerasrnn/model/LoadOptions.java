package dev.kerasrnn.model;

/**
 * What a model file cannot say but the in-memory Keras model had.
 *
 * @param recurrentImplementation the LSTM/GRU {@code implementation} (1 or 2) where the config
 *     carries none (Keras 3 does not save it; its own reload uses 2), or null for Keras's default
 */
public record LoadOptions(Integer recurrentImplementation) {
  /** Nothing beyond the file. */
  public static final LoadOptions DEFAULT = new LoadOptions(null);
}
