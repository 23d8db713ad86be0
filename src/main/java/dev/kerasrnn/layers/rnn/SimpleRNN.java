package dev.kerasrnn.layers.rnn;

/** Fully-connected RNN layer; {@code keras.layers.SimpleRNN}. */
public final class SimpleRNN extends RNN {
  /** Keras defaults: tanh, use_bias, last output only. */
  public SimpleRNN(int units) {
    this(builder(units));
  }

  private SimpleRNN(Builder b) {
    super(cellOf(b), b);
  }

  private static SimpleRNNCell cellOf(Builder b) {
    SimpleRNNCell.Builder c = SimpleRNNCell.builder(b.units);
    b.copyCellArgs(c);
    return c.build();
  }

  public static Builder builder(int units) {
    return new Builder(units);
  }

  /** Options of {@link SimpleRNN}: the cell's plus the RNN's. */
  public static final class Builder extends RNNOptions<Builder> {
    Builder(int units) {
      super(units, "simple_rnn", "simple_rnn_cell");
    }

    public SimpleRNN build() {
      return new SimpleRNN(this);
    }
  }

  @Override
  public SimpleRNNCell cell() {
    return (SimpleRNNCell) super.cell();
  }
}
