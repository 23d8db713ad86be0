package dev.kerasrnn.layers.rnn;

/** {@code keras.layers.ConvLSTM3D}: see {@link ConvLSTM} and {@link ConvLSTMCell}. */
public final class ConvLSTM3D extends ConvLSTM {
  /** A layer around {@code cell} (of rank 3). */
  public ConvLSTM3D(ConvLSTMCell cell, RNNArgs args) {
    super(check(cell), args);
  }

  private static ConvLSTMCell check(ConvLSTMCell cell) {
    if (cell.rank() != 3) {
      throw new IllegalArgumentException("ConvLSTM3D needs a cell of rank 3, given "
          + cell.rank());
    }
    return cell;
  }
}
