package dev.kerasrnn.layers.rnn;

/**
 * The arguments of {@code keras.layers.RNN} itself (those of the cell aside), immutable.
 *
 * @param zeroOutputForMask masked steps output zeros instead of repeating the previous output
 * @param timeMajor inputs and output sequences are (time, batch, ...) — tf-keras only
 */
public record RNNArgs(String name, boolean returnSequences, boolean returnState,
    boolean goBackwards, boolean stateful, boolean unroll, boolean zeroOutputForMask,
    boolean timeMajor) {

  /** Keras's defaults: last output only, forwards, not stateful, batch-major. */
  public static RNNArgs defaults(String name) {
    return new RNNArgs(name, false, false, false, false, false, false, false);
  }

  public RNNArgs withName(String v) {
    return new RNNArgs(v, returnSequences, returnState, goBackwards, stateful, unroll,
        zeroOutputForMask, timeMajor);
  }

  public RNNArgs withReturnSequences(boolean v) {
    return new RNNArgs(name, v, returnState, goBackwards, stateful, unroll, zeroOutputForMask,
        timeMajor);
  }

  public RNNArgs withReturnState(boolean v) {
    return new RNNArgs(name, returnSequences, v, goBackwards, stateful, unroll, zeroOutputForMask,
        timeMajor);
  }

  public RNNArgs withGoBackwards(boolean v) {
    return new RNNArgs(name, returnSequences, returnState, v, stateful, unroll, zeroOutputForMask,
        timeMajor);
  }

  public RNNArgs withStateful(boolean v) {
    return new RNNArgs(name, returnSequences, returnState, goBackwards, v, unroll,
        zeroOutputForMask, timeMajor);
  }

  public RNNArgs withUnroll(boolean v) {
    return new RNNArgs(name, returnSequences, returnState, goBackwards, stateful, v,
        zeroOutputForMask, timeMajor);
  }

  public RNNArgs withZeroOutputForMask(boolean v) {
    return new RNNArgs(name, returnSequences, returnState, goBackwards, stateful, unroll, v,
        timeMajor);
  }

  public RNNArgs withTimeMajor(boolean v) {
    return new RNNArgs(name, returnSequences, returnState, goBackwards, stateful, unroll,
        zeroOutputForMask, v);
  }
}
