package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.Weights;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * A layer that runs over a [batch, time, features] sequence with states: {@link RNN} (and so
 * SimpleRNN, LSTM, GRU) and {@link Bidirectional}. The runtime (eager or compiled) drives any of
 * them, including their states when they are stateful.
 */
public interface RecurrentLayer {
  String name();

  /** Dtype of inputs, states and outputs. */
  DType dtype();

  /** Creates the weights for inputs of shape (batch, time, features); {@code build} in Keras. */
  void build(long... inputShape);

  boolean isBuilt();

  /** Weights in Keras's order ({@code layer.weights}; the order of a legacy .h5 file). */
  List<Variable> trainableVariables();

  /**
   * Weights grouped by the object path a Keras 3 {@code .weights.h5} file stores them under,
   * relative to the layer: e.g. {@code "cell"} for an LSTM, {@code "forward_layer/cell"} and
   * {@code "backward_layer/cell"} for a Bidirectional, in file order within each group.
   */
  List<WeightGroup> weightGroups();

  /** Current weight values in Keras order; {@code layer.get_weights()}. */
  default List<HostArray> getWeights() {
    return Weights.values(trainableVariables());
  }

  /**
   * Sets all weights in Keras order; {@code layer.set_weights()}. Checks every count, shape and
   * dtype before changing anything.
   *
   * @throws dev.kerasrnn.core.WeightsException naming the layer, weight, expected and given
   */
  default void setWeights(List<HostArray> weights) {
    if (!isBuilt()) {
      throw new IllegalStateException("layer '" + name() + "' is not built: call build(inputShape)");
    }
    Weights.assign(name(), trainableVariables(), weights);
  }

  /** Number of state tensors an initial_state must hold (LSTM 2; Bidirectional(LSTM) 4). */
  List<Integer> stateSizes();

  /** Number of outputs {@link #call} returns. */
  int outputCount();

  /** Shapes of the outputs for an input shape; {@code compute_output_shape}. */
  List<long[]> outputShapes(long[] inputShape);

  /**
   * Checks inputs before any op runs.
   *
   * @param maskShape null when no mask is given
   * @throws dev.kerasrnn.core.InvalidInputException naming the layer, expected and given
   */
  void checkInputs(long[] inputShape, DType inputType, List<long[]> stateShapes,
      List<DType> stateTypes, long[] maskShape);

  /**
   * Runs the layer; {@code layer(inputs, initial_state=..., mask=...)} in Keras. The {@link Ops}
   * scope decides between eager execution and graph building.
   *
   * @param initialState empty for the default (zeros, or the current states if stateful)
   * @param mask [batch, time] or null
   */
  default <T extends TFloating> Run<T> run(Ops tf, Operand<T> inputs,
      List<Operand<T>> initialState, Operand<TBool> mask) {
    return run(tf, inputs, initialState, mask, TimeLoop.DEFAULT);
  }

  /**
   * As {@link #run(Ops, Operand, List, Operand)}; when {@code tf} builds a graph, {@code loop}
   * decides whether the time steps are unrolled or run by a while loop (same bits either way).
   */
  <T extends TFloating> Run<T> run(Ops tf, Operand<T> inputs, List<Operand<T>> initialState,
      Operand<TBool> mask, TimeLoop loop);

  /** The outputs of {@link #run}. */
  default <T extends TFloating> List<Operand<T>> call(Ops tf, Operand<T> inputs,
      List<Operand<T>> initialState, Operand<TBool> mask) {
    return run(tf, inputs, initialState, mask).outputs();
  }

  /** {@code layer(inputs, initial_state=...)} without a mask. */
  default <T extends TFloating> List<Operand<T>> call(Ops tf, Operand<T> inputs,
      List<Operand<T>> initialState) {
    return call(tf, inputs, initialState, null);
  }

  /** Whether states are kept between calls ({@code stateful=True}). */
  boolean stateful();

  /** The states kept between calls, zeros after {@link #resetStates}; empty unless stateful. */
  List<HostArray> states();

  /** Sets the kept states; {@code layer.states[i].assign(...)} in Keras. */
  void setStates(List<HostArray> states);

  /** Zeros the kept states; {@code layer.reset_states()}. */
  void resetStates();

  /** What a run produces: the layer's outputs and the final states (for stateful layers). */
  record Run<T extends TFloating>(List<Operand<T>> outputs, List<Operand<T>> finalStates) {
    public Run {
      outputs = List.copyOf(outputs);
      finalStates = List.copyOf(finalStates);
    }
  }

  /** Weights stored under one Keras 3 object path (relative to the layer). */
  record WeightGroup(String path, List<Variable> variables) {
    public WeightGroup {
      variables = List.copyOf(variables);
    }
  }
}
