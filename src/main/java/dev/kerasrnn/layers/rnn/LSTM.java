package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.KerasEra;

/**
 * Long Short-Term Memory layer; {@code keras.layers.LSTM}. In the Keras 2 era, when tf-keras would
 * run its fused CPU function {@code standard_lstm} (tanh, sigmoid, bias, no recurrent dropout, not
 * unrolled), the step follows that function's op order — implementation 2 — whatever the config
 * says, as tf-keras does.
 */
public final class LSTM extends RNN {
  private final int configuredImplementation;

  /** Keras defaults: tanh / sigmoid, use_bias, unit_forget_bias, last output only. */
  public LSTM(int units) {
    this(builder(units));
  }

  private LSTM(Builder b) {
    super(cellOf(b), b);
    this.configuredImplementation = b.implementation;
  }

  private static LSTMCell cellOf(Builder b) {
    LSTMCell.Builder c = LSTMCell.builder(b.units).unitForgetBias(b.unitForgetBias);
    b.copyCellArgs(c);
    c.implementation(usesStandardPath(b) ? 2 : b.implementation);
    return c.build();
  }

  /** tf-keras's {@code _could_use_gpu_kernel} conditions, which select standard_lstm on CPU. */
  static boolean usesStandardPath(RNNOptions<?> b) {
    return b.era == KerasEra.KERAS_2
        && "tanh".equals(b.activation)
        && "sigmoid".equals(b.recurrentActivation)
        && b.recurrentDropout == 0
        && !b.args.unroll()
        && b.useBias;
  }

  public static Builder builder(int units) {
    return new Builder(units);
  }

  /** Options of {@link LSTM}: the cell's plus the RNN's. */
  public static final class Builder extends RNNOptions<Builder> {
    boolean unitForgetBias = true;
    int implementation = 2;

    Builder(int units) {
      super(units, "lstm", "lstm_cell");
    }

    /** Initialize the forget-gate bias to ones. Default true. */
    public Builder unitForgetBias(boolean v) {
      unitForgetBias = v;
      return this;
    }

    /** 1: per-gate products; 2: one product per input (default). */
    public Builder implementation(int v) {
      implementation = GatedCell.checkImplementation(v);
      return this;
    }

    public LSTM build() {
      return new LSTM(this);
    }
  }

  /** The implementation the config asked for (the cell reports the one that runs). */
  public int implementation() {
    return configuredImplementation;
  }

  @Override
  public LSTMCell cell() {
    return (LSTMCell) super.cell();
  }
}
