package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.activations.Activation;

/** What LSTMCell and GRUCell share: an activation, a gate activation, and an implementation. */
abstract class GatedCell extends BaseCell {
  final Activation activation;
  final Activation recurrentActivation;
  final int implementation;

  GatedCell(CellOptions<?> o, int implementation) {
    super(o);
    this.activation = o.resolvedActivation();
    this.recurrentActivation = o.resolvedRecurrentActivation();
    this.implementation = checkImplementation(implementation);
  }

  static int checkImplementation(int v) {
    if (v != 1 && v != 2) {
      throw new IllegalArgumentException("implementation must be 1 or 2, given " + v);
    }
    return v;
  }

  /** 1: per-gate products; 2: one product per input. The one that runs (see LSTM, GRU). */
  public int implementation() {
    return implementation;
  }

  public Activation activation() {
    return activation;
  }

  public Activation recurrentActivation() {
    return recurrentActivation;
  }
}
