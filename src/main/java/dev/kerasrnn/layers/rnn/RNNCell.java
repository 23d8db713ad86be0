package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.Weights;
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

  /** Current weight values in Keras order; {@code cell.get_weights()}. */
  default List<HostArray> getWeights() {
    return Weights.values(trainableVariables());
  }

  /**
   * Sets all weights in Keras order; {@code cell.set_weights()}. Checks every count, shape and
   * dtype before changing anything.
   *
   * @throws dev.kerasrnn.core.WeightsException naming the cell, weight, expected and given
   */
  default void setWeights(List<HostArray> weights) {
    if (!isBuilt()) {
      throw new IllegalStateException("cell '" + name() + "' is not built: call build(features)");
    }
    Weights.assign(name(), trainableVariables(), weights);
  }

  /**
   * Checks the arguments of one direct step, {@code cell(x, states)}, before any op runs: {@code
   * x} of rank 2 (batch, features) with the built feature size (any positive size when not built
   * yet), one [batch, size] state per {@link #stateSize()} entry, all in {@link #dtype()} (a
   * caller that casts {@code x} to the cell's dtype, as Keras does, passes that as {@code
   * inputType}).
   *
   * @throws InvalidInputException naming the cell, what was expected and what was given
   */
  default void checkCall(long[] inputShape, DType inputType, List<long[]> stateShapes,
      List<DType> stateTypes) {
    if (inputShape.length != 2) {
      throw new InvalidInputException(name(), "input of rank 2 (batch, features)",
          "rank " + inputShape.length + " " + HostArray.shapeString(inputShape));
    }
    long features = inputShape[1];
    if (isBuilt() ? features != inputFeatures() : features <= 0) {
      throw new InvalidInputException(name(), "input with "
          + (isBuilt() ? String.valueOf(inputFeatures()) : "a positive number of")
          + " features (last axis)", HostArray.shapeString(inputShape));
    }
    if (inputType != dtype()) {
      throw new InvalidInputException(name(), "input dtype " + dtype(), String.valueOf(inputType));
    }
    List<Integer> sizes = stateSize();
    if (stateShapes.size() != sizes.size()) {
      throw new InvalidInputException(name(), sizes.size() + " state tensor(s) of sizes " + sizes
          + " (Keras's cell(x, states) takes them all)", String.valueOf(stateShapes.size()));
    }
    for (int i = 0; i < sizes.size(); i++) {
      long[] expected = {inputShape[0], sizes.get(i)};
      if (!java.util.Arrays.equals(stateShapes.get(i), expected)) {
        throw new InvalidInputException(name(), "state " + i + " of shape "
            + HostArray.shapeString(expected), HostArray.shapeString(stateShapes.get(i)));
      }
      if (stateTypes.get(i) != dtype()) {
        throw new InvalidInputException(name(), "state " + i + " of dtype " + dtype(),
            String.valueOf(stateTypes.get(i)));
      }
    }
  }

  /**
   * One time step: {@code x} is [batch, features], each state [batch, size]. The {@link Ops}
   * scope decides whether this runs eagerly or builds a graph.
   */
  <T extends TFloating> CellOutput<T> call(Ops tf, Operand<T> x, List<Operand<T>> states);
}
