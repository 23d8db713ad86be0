package dev.kerasrnn.spark;

import dev.kerasrnn.core.KerasRnnException;

/** A row the scorer cannot score (wrong shape, null, wrong type), naming the row and column. */
public final class ScoringException extends KerasRnnException {
  private static final long serialVersionUID = 1L;

  public ScoringException(String message) {
    super(message);
  }
}
