package dev.kerasrnn.layers;

/**
 * The arguments of {@code keras.layers.RNN} itself (those of the cell aside), immutable.
 *
 * @param zeroOutputForMask masked steps output zeros instead of repeating the previous output
 */
public record RNNArgs(String name, boolean returnSequences, boolean returnState,
    boolean goBackwards, boolean stateful, boolean unroll, boolean zeroOutputForMask) {

  /** Keras's defaults: last output only, forwards, not stateful. */
  public static RNNArgs defaults(String name) {
    return new RNNArgs(name, false, false, false, false, false, false);
  }

  public RNNArgs withName(String v) {
    return new RNNArgs(v, returnSequences, returnState, goBackwards, stateful, unroll,
        zeroOutputForMask);
  }

  public RNNArgs withReturnSequences(boolean v) {
    return new RNNArgs(name, v, returnState, goBackwards, stateful, unroll, zeroOutputForMask);
  }

  public RNNArgs withReturnState(boolean v) {
    return new RNNArgs(name, returnSequences, v, goBackwards, stateful, unroll, zeroOutputForMask);
  }

  public RNNArgs withGoBackwards(boolean v) {
    return new RNNArgs(name, returnSequences, returnState, v, stateful, unroll, zeroOutputForMask);
  }

  public RNNArgs withStateful(boolean v) {
    return new RNNArgs(name, returnSequences, returnState, goBackwards, v, unroll,
        zeroOutputForMask);
  }

  public RNNArgs withUnroll(boolean v) {
    return new RNNArgs(name, returnSequences, returnState, goBackwards, stateful, v,
        zeroOutputForMask);
  }

  public RNNArgs withZeroOutputForMask(boolean v) {
    return new RNNArgs(name, returnSequences, returnState, goBackwards, stateful, unroll, v);
  }
}
