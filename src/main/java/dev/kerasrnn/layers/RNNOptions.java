package dev.kerasrnn.layers;

/**
 * Constructor arguments of SimpleRNN, LSTM and GRU: the cell's arguments plus those of {@code
 * keras.layers.RNN}, with Keras's defaults.
 *
 * @param <B> the concrete builder, for chaining
 */
public abstract class RNNOptions<B extends RNNOptions<B>> extends CellOptions<B> {
  String layerName;
  boolean returnSequences;
  boolean returnState;
  boolean goBackwards;
  boolean unroll;

  RNNOptions(int units, String defaultLayerName, String cellName) {
    super(units, cellName);
    this.layerName = defaultLayerName;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The layer name (the cell keeps its Keras name, e.g. {@code lstm_cell}). */
  @Override
  public B name(String v) {
    layerName = v;
    return self();
  }

  /** Return the whole output sequence instead of the last output. Default false. */
  public B returnSequences(boolean v) {
    returnSequences = v;
    return self();
  }

  /** Also return the final states. Default false. */
  public B returnState(boolean v) {
    returnState = v;
    return self();
  }

  /** Process the sequence backwards; outputs stay in processing order, as Keras. Default false. */
  public B goBackwards(boolean v) {
    goBackwards = v;
    return self();
  }

  /** Accepted for config compatibility: the compiled graph is always unrolled. Default false. */
  public B unroll(boolean v) {
    unroll = v;
    return self();
  }
}
