package dev.kerasrnn.layers.rnn;

/**
 * Gated Recurrent Unit layer; {@code keras.layers.GRU}. In the Keras 2 era, when tf-keras would
 * run its fused CPU function {@code standard_gru} (tanh, sigmoid, bias, reset_after, no recurrent
 * dropout, not unrolled), the step follows that function's op order — implementation 2.
 */
public final class GRU extends RNN {
  private final int configuredImplementation;

  /** Keras defaults: tanh / sigmoid, use_bias, reset_after, last output only. */
  public GRU(int units) {
    this(builder(units));
  }

  private GRU(Builder b) {
    super(cellOf(b), b);
    this.configuredImplementation = b.implementation;
  }

  private static GRUCell cellOf(Builder b) {
    GRUCell.Builder c = GRUCell.builder(b.units).resetAfter(b.resetAfter);
    b.copyCellArgs(c);
    c.implementation(LSTM.usesStandardPath(b) && b.resetAfter ? 2 : b.implementation);
    return c.build();
  }

  public static Builder builder(int units) {
    return new Builder(units);
  }

  /** Options of {@link GRU}: the cell's plus the RNN's. */
  public static final class Builder extends RNNOptions<Builder> {
    boolean resetAfter = true;
    int implementation = 2;

    Builder(int units) {
      super(units, "gru", "gru_cell");
    }

    /** Apply the reset gate after the recurrent product. Default true. */
    public Builder resetAfter(boolean v) {
      resetAfter = v;
      return this;
    }

    /** 1: per-gate products; 2: one product per input (default). */
    public Builder implementation(int v) {
      implementation = GatedCell.checkImplementation(v);
      return this;
    }

    public GRU build() {
      return new GRU(this);
    }
  }

  /** The implementation the config asked for (the cell reports the one that runs). */
  public int implementation() {
    return configuredImplementation;
  }

  @Override
  public GRUCell cell() {
    return (GRUCell) super.cell();
  }
}
