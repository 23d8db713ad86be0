package dev.kerasrnn.core;

/**
 * Inputs or states given to a layer do not fit it (rank, feature size, state count or shape,
 * dtype). Raised before any TensorFlow op runs.
 */
public class InvalidInputException extends KerasRnnException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String layer, String expected, String given) {
    super("layer '" + layer + "': expected " + expected + ", given " + given);
  }
}
