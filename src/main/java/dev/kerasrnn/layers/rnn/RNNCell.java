package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.layers.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * One step of a recurrent layer. Equivalent of a Keras RNN cell: it declares its state sizes,
 * creates its weights in {@link #build}, and computes one time step in {@link #call}. Implement it
 * to run your own cell under {@link RNN}'s loop.
 */
public interface RNNCell {
  /** The cell name, e.g. {@code "lstm_cell"}. */
  String name();

  /** Size of each state tensor, in order (LSTM: [units, units]). */
  List<Integer> stateSize();

  /** Size of the output at each step. */
  int outputSize();

  /** The dtype of weights and computation. */
  DType dtype();

  /** Creates the weights for inputs of {@code inputFeatures} features; {@code build} in Keras. */
  void build(long inputFeatures);

  boolean isBuilt();

  /** Input features this cell was built for. */
  long inputFeatures();

  /** The weights in Keras order (the order of {@code cell.trainable_variables}). */
  List<Variable> trainableVariables();

  /**
   * One time step: {@code x} is [batch, features], each state [batch, size]. The {@link Ops}
   * scope decides whether this runs eagerly or builds a graph.
   */
  <T extends TFloating> CellOutput<T> call(Ops tf, Operand<T> x, List<Operand<T>> states);
}
