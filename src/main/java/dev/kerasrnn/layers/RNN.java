package dev.kerasrnn.layers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.WeightsException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * A recurrent layer running any {@link RNNCell} over [batch, time, features]; {@code
 * keras.layers.RNN}. SimpleRNN, LSTM and GRU are this loop around their cells.
 */
public class RNN {
  private final RNNCell cell;
  private final String name;
  private final boolean returnSequences;
  private final boolean returnState;
  private final boolean goBackwards;
  private final boolean unroll;

  /** {@code keras.layers.RNN(cell, return_sequences, return_state, go_backwards)}. */
  public RNN(RNNCell cell, String name, boolean returnSequences, boolean returnState,
      boolean goBackwards) {
    this(cell, name, returnSequences, returnState, goBackwards, false);
  }

  RNN(RNNCell cell, String name, boolean returnSequences, boolean returnState, boolean goBackwards,
      boolean unroll) {
    this.cell = cell;
    this.name = name;
    this.returnSequences = returnSequences;
    this.returnState = returnState;
    this.goBackwards = goBackwards;
    this.unroll = unroll;
  }

  RNN(RNNCell cell, RNNOptions<?> o) {
    this(cell, o.layerName, o.returnSequences, o.returnState, o.goBackwards, o.unroll);
  }

  public String name() {
    return name;
  }

  public RNNCell cell() {
    return cell;
  }

  public boolean returnSequences() {
    return returnSequences;
  }

  public boolean returnState() {
    return returnState;
  }

  public boolean goBackwards() {
    return goBackwards;
  }

  public boolean unroll() {
    return unroll;
  }

  public DType dtype() {
    return cell.dtype();
  }

  /** Creates the weights for inputs of shape (batch, time, features); {@code build} in Keras. */
  public void build(long... inputShape) {
    if (inputShape.length != 3) {
      throw new InvalidInputException(name, "an input shape of rank 3 (batch, time, features)",
          "rank " + inputShape.length + " " + HostArray.shapeString(inputShape));
    }
    cell.build(inputShape[2]);
  }

  public boolean isBuilt() {
    return cell.isBuilt();
  }

  /** The weights in Keras order; {@code layer.trainable_variables}. */
  public List<Variable> trainableVariables() {
    return cell.trainableVariables();
  }

  /** Current weight values in Keras order; {@code layer.get_weights()}. */
  public List<HostArray> getWeights() {
    List<HostArray> out = new ArrayList<>();
    for (Variable v : trainableVariables()) {
      out.add(v.value());
    }
    return out;
  }

  /**
   * Sets all weights in Keras order; {@code layer.set_weights()}. Checks every count and shape
   * before changing anything.
   *
   * @throws WeightsException naming the layer, the weight, what was expected and what was given
   */
  public void setWeights(List<HostArray> weights) {
    requireBuilt();
    List<Variable> vars = trainableVariables();
    if (weights.size() != vars.size()) {
      throw new WeightsException("layer '" + name + "': expected " + vars.size() + " weights "
          + describe(vars) + ", given " + weights.size());
    }
    for (int i = 0; i < vars.size(); i++) {
      Variable v = vars.get(i);
      HostArray w = weights.get(i);
      if (!java.util.Arrays.equals(v.shape(), w.shape()) || v.dtype() != w.dtype()) {
        throw new WeightsException("layer '" + name + "', weight '" + v.path() + "': expected "
            + v.dtype() + HostArray.shapeString(v.shape()) + ", given " + w.dtype()
            + HostArray.shapeString(w.shape()));
      }
    }
    for (int i = 0; i < vars.size(); i++) {
      vars.get(i).assign(weights.get(i));
    }
  }

  private static String describe(List<Variable> vars) {
    List<String> s = new ArrayList<>();
    for (Variable v : vars) {
      s.add(v.name() + HostArray.shapeString(v.shape()));
    }
    return s.toString();
  }

  /** Number of outputs {@link #call} returns: 1, plus one per state with return_state. */
  public int outputCount() {
    return 1 + (returnState ? cell.stateSize().size() : 0);
  }

  /** Shapes of the outputs for an input shape; {@code compute_output_shape}. */
  public List<long[]> outputShapes(long[] inputShape) {
    List<long[]> out = new ArrayList<>();
    long batch = inputShape[0];
    out.add(returnSequences
        ? new long[] {batch, inputShape[1], cell.outputSize()}
        : new long[] {batch, cell.outputSize()});
    if (returnState) {
      for (int size : cell.stateSize()) {
        out.add(new long[] {batch, size});
      }
    }
    return out;
  }

  /**
   * Checks inputs before any op runs: input rank 3 with the built feature size, the layer dtype,
   * and either no initial state or one [batch, size] state per cell state. Dimensions &lt; 0 are
   * unknown and match anything.
   *
   * @throws InvalidInputException naming the layer, what was expected and what was given
   */
  public void checkInputs(long[] inputShape, DType inputType, List<long[]> stateShapes,
      List<DType> stateTypes) {
    if (inputShape.length != 3) {
      throw new InvalidInputException(name, "input of rank 3 (batch, time, features)",
          "rank " + inputShape.length + " " + HostArray.shapeString(inputShape));
    }
    if (cell.isBuilt() && inputShape[2] >= 0 && inputShape[2] != cell.inputFeatures()) {
      throw new InvalidInputException(name,
          "input with " + cell.inputFeatures() + " features (last axis)",
          HostArray.shapeString(inputShape));
    }
    if (inputShape[1] == 0) {
      throw new InvalidInputException(name, "at least one time step",
          HostArray.shapeString(inputShape));
    }
    if (inputType != cell.dtype()) {
      throw new InvalidInputException(name, "input dtype " + cell.dtype(), inputType.toString());
    }
    if (stateShapes.isEmpty()) {
      return;
    }
    List<Integer> sizes = cell.stateSize();
    if (stateShapes.size() != sizes.size()) {
      throw new InvalidInputException(name, sizes.size() + " initial state tensor(s)",
          String.valueOf(stateShapes.size()));
    }
    for (int i = 0; i < sizes.size(); i++) {
      long[] s = stateShapes.get(i);
      long[] expected = {inputShape[0], sizes.get(i)};
      boolean ok = s.length == 2 && dimMatches(expected[0], s[0]) && s[1] == expected[1];
      if (!ok) {
        throw new InvalidInputException(name, "initial state " + i + " of shape "
            + HostArray.shapeString(expected), HostArray.shapeString(s));
      }
      if (stateTypes.get(i) != cell.dtype()) {
        throw new InvalidInputException(name, "initial state " + i + " of dtype " + cell.dtype(),
            stateTypes.get(i).toString());
      }
    }
  }

  private static boolean dimMatches(long a, long b) {
    return a < 0 || b < 0 || a == b;
  }

  /**
   * Runs the layer; {@code layer(inputs, initial_state=...)} in Keras. Returns the output, then
   * the final states if return_state. Builds the layer on first call. The {@link Ops} scope
   * decides between eager execution and graph building; the op sequence is the same.
   *
   * @param initialState empty for zeros, else one tensor per cell state
   */
  public <T extends TFloating> List<Operand<T>> call(Ops tf, Operand<T> inputs,
      List<Operand<T>> initialState) {
    long[] shape = inputs.shape().asArray();
    List<long[]> stateShapes = new ArrayList<>();
    List<DType> stateTypes = new ArrayList<>();
    for (Operand<T> s : initialState) {
      stateShapes.add(s.shape().asArray());
      stateTypes.add(DType.of(s.type()));
    }
    checkInputs(shape, DType.of(inputs.type()), stateShapes, stateTypes);
    if (!cell.isBuilt()) {
      if (shape[2] < 0) {
        throw new InvalidInputException(name, "a known feature size to build the layer",
            HostArray.shapeString(shape));
      }
      build(shape);
    }
    if (shape[1] < 0) {
      throw new InvalidInputException(name, "a known number of time steps (the loop is unrolled)",
          HostArray.shapeString(shape));
    }
    List<Operand<T>> states =
        initialState.isEmpty() ? zeroStates(tf, inputs, shape[0]) : initialState;
    Loop<T> loop = loop(tf, cell, inputs, states, shape[1], goBackwards);
    List<Operand<T>> out = new ArrayList<>();
    out.add(returnSequences ? stackTime(tf, loop.outputs()) : loop.lastOutput());
    if (returnState) {
      out.addAll(loop.states());
    }
    return out;
  }

  /** The outputs of a loop: per step in processing order, the last one, and the final states. */
  record Loop<T extends TFloating>(List<Operand<T>> outputs, Operand<T> lastOutput,
      List<Operand<T>> states) {}

  /**
   * Keras's {@code backend.rnn}: steps the cell over time (reversed if goBackwards), outputs kept
   * in processing order.
   */
  static <T extends TFloating> Loop<T> loop(Ops tf, RNNCell cell, Operand<T> inputs,
      List<Operand<T>> initialStates, long timeSteps, boolean goBackwards) {
    Unstack<T> steps = tf.unstack(inputs, timeSteps, Unstack.axis(1L));
    List<Operand<T>> xs = new ArrayList<>(steps.output());
    if (goBackwards) {
      Collections.reverse(xs);
    }
    List<Operand<T>> states = initialStates;
    List<Operand<T>> outputs = new ArrayList<>();
    for (Operand<T> x : xs) {
      CellOutput<T> step = cell.call(tf, x, states);
      if (step.states().size() != states.size()) {
        throw new IllegalStateException("cell '" + cell.name() + "' returned "
            + step.states().size() + " states, declared " + states.size());
      }
      outputs.add(step.output());
      states = step.states();
    }
    return new Loop<>(outputs, outputs.get(outputs.size() - 1), states);
  }

  private static <T extends TFloating> Operand<T> stackTime(Ops tf, List<Operand<T>> outputs) {
    return tf.stack(outputs, Stack.axis(1L));
  }

  private <T extends TFloating> List<Operand<T>> zeroStates(Ops tf, Operand<T> inputs, long batch) {
    List<Operand<T>> states = new ArrayList<>();
    for (int size : cell.stateSize()) {
      Operand<TInt64> dims = batch >= 0
          ? tf.constant(new long[] {batch, size})
          : tf.concat(List.of(
              tf.slice(tf.shape(inputs, TInt64.class), tf.constant(new long[] {0}),
                  tf.constant(new long[] {1})),
              tf.constant(new long[] {size})), tf.constant(0));
      states.add(tf.zeros(dims, inputs.type()));
    }
    return states;
  }

  private void requireBuilt() {
    if (!cell.isBuilt()) {
      throw new IllegalStateException("layer '" + name + "' is not built: call build(inputShape)");
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ", cell=" + cell + ")";
  }
}
