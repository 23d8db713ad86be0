package dev.kerasrnn.layers.rnn;

/** {@code keras.layers.ConvLSTM1D}: see {@link ConvLSTM} and {@link ConvLSTMCell}. */
public final class ConvLSTM1D extends ConvLSTM {
  /** A layer around {@code cell} (of rank 1). */
  public ConvLSTM1D(ConvLSTMCell cell, RNNArgs args) {
    super(check(cell), args);
  }

  private static ConvLSTMCell check(ConvLSTMCell cell) {
    if (cell.rank() != 1) {
      throw new IllegalArgumentException("ConvLSTM1D needs a cell of rank 1, given "
          + cell.rank());
    }
    return cell;
  }
}
