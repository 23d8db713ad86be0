package dev.kerasrnn.core;

/** Weights do not fit a layer: wrong count, shape or dtype. */
public class WeightsException extends KerasRnnException {
  private static final long serialVersionUID = 1L;

  public WeightsException(String message) {
    super(message);
  }
}
