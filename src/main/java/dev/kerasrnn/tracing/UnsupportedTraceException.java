package dev.kerasrnn.tracing;

import dev.kerasrnn.core.KerasRnnException;

/**
 * A model (or layer) whose Keras {@code predict()} graph this library does not rebuild yet: the
 * {@code PREDICT} parity target refuses it, naming the layer and what is missing, before anything
 * runs ({@code CALL} still works).
 */
public final class UnsupportedTraceException extends KerasRnnException {
  private static final long serialVersionUID = 1L;

  public UnsupportedTraceException(String layer, String what) {
    super("layer '" + layer + "': Keras's predict() graph is not rebuilt for " + what
        + " (use the CALL target, Keras's model(x))");
  }
}
