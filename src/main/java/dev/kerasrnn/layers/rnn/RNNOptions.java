package dev.kerasrnn.layers.rnn;

/**
 * Constructor arguments of SimpleRNN, LSTM and GRU: the cell's arguments plus those of {@code
 * keras.layers.RNN}, with Keras's defaults.
 *
 * @param <B> the concrete builder, for chaining
 */
public abstract class RNNOptions<B extends RNNOptions<B>> extends CellOptions<B> {
  RNNArgs args;

  RNNOptions(int units, String defaultLayerName, String cellName) {
    super(units, cellName);
    this.args = RNNArgs.defaults(defaultLayerName);
  }

  /** Builds the layer. */
  public abstract RNN build();

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The layer name (the cell keeps its Keras name, e.g. {@code lstm_cell}). */
  @Override
  public B name(String v) {
    args = args.withName(v);
    return self();
  }

  /** Return the whole output sequence instead of the last output. Default false. */
  public B returnSequences(boolean v) {
    args = args.withReturnSequences(v);
    return self();
  }

  /** Also return the final states. Default false. */
  public B returnState(boolean v) {
    args = args.withReturnState(v);
    return self();
  }

  /** Process the sequence backwards; outputs stay in processing order, as Keras. Default false. */
  public B goBackwards(boolean v) {
    args = args.withGoBackwards(v);
    return self();
  }

  /**
   * Keras's {@code unroll}: compiled graphs always unroll this layer (the length must be known);
   * with false (the default) {@link TimeLoop} decides. Eager execution is unaffected.
   */
  public B unroll(boolean v) {
    args = args.withUnroll(v);
    return self();
  }

  /** Keep the final states for the next call; needs a static batch size. Default false. */
  public B stateful(boolean v) {
    args = args.withStateful(v);
    return self();
  }

  /** Inputs and output sequences are (time, batch, ...), as tf-keras's time_major. */
  public B timeMajor(boolean v) {
    args = args.withTimeMajor(v);
    return self();
  }

  /** Masked steps output zeros instead of repeating the previous output. Default false. */
  public B zeroOutputForMask(boolean v) {
    args = args.withZeroOutputForMask(v);
    return self();
  }
}
