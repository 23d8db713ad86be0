package dev.kerasrnn.layers.rnn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TType;

/** What one cell step returns: the output and the new states ({@code h, [h, c]} for LSTM). */
public record CellOutput<T extends TType>(Operand<T> output, List<Operand<T>> states) {
  public CellOutput {
    states = List.copyOf(states);
  }
}
