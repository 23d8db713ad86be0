package dev.kerasrnn.layers.rnn;

/** {@code keras.layers.ConvLSTM2D}: see {@link ConvLSTM} and {@link ConvLSTMCell}. */
public final class ConvLSTM2D extends ConvLSTM {
  /** A layer around {@code cell} (of rank 2). */
  public ConvLSTM2D(ConvLSTMCell cell, RNNArgs args) {
    super(check(cell), args);
  }

  private static ConvLSTMCell check(ConvLSTMCell cell) {
    if (cell.rank() != 2) {
      throw new IllegalArgumentException("ConvLSTM2D needs a cell of rank 2, given "
          + cell.rank());
    }
    return cell;
  }
}
