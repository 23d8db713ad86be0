package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.ops.FlatGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.TensorListStack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

/**
 * Keras's {@code backend.rnn}: steps a cell over [batch, time, features] (reversed if
 * goBackwards, the mask too), either unrolled or as a TensorFlow while loop. Both run {@link
 * #step}, the one place the cell and the mask meet, so they compute the same bits. At a masked
 * step the states are kept and the output is the previous output (zeros before the first step),
 * or zeros with zeroOutputForMask.
 */
final class RecurrentLoop {
  private RecurrentLoop() {}

  /**
   * What a loop produced: the outputs of every step in processing order (unrolled), or the same
   * stacked time-major (while loop); the last output; the final states.
   */
  record Loop<T extends TFloating>(List<Operand<T>> outputs, Operand<T> timeMajorOutputs,
      Operand<T> lastOutput, List<Operand<T>> states) {

    /** The step outputs stacked on {@code axis}: 0 time-major, 1 batch-major. */
    Operand<T> sequence(Ops tf, long axis) {
      if (outputs != null) {
        return tf.stack(outputs, Stack.axis(axis));
      }
      if (timeMajorOutputs == null) {
        throw new IllegalStateException("the loop did not keep its step outputs");
      }
      return axis == 0
          ? timeMajorOutputs
          : tf.linalg.transpose(timeMajorOutputs,
              tf.constant(swapFirstTwo(timeMajorOutputs.shape().numDimensions())));
    }
  }

  /** One cell step with Keras's masking; {@code previousOutput} null before the first step. */
  private static <T extends TFloating> CellOutput<T> step(Ops tf, RNNCell cell, Operand<T> x,
      List<Operand<T>> states, Operand<TBool> mask, Operand<T> previousOutput,
      boolean zeroOutputForMask, int outputRank) {
    CellOutput<T> out = cell.call(tf, x, states);
    if (out.states().size() != states.size()) {
      throw new IllegalStateException("cell '" + cell.name() + "' returned "
          + out.states().size() + " states, declared " + states.size());
    }
    if (mask == null) {
      return out;
    }
    // (batch,) -> (batch, 1) (a convolutional cell's (batch, 1, ..., 1)): broadcast over the
    // rest, as Keras expands and tiles it.
    Operand<TBool> keep = tf.expandDims(mask, tf.constant(-1));
    for (int r = 2; r < outputRank; r++) {
      keep = tf.expandDims(keep, tf.constant(-1));
    }
    Operand<T> masked = zeroOutputForMask || previousOutput == null
        ? tf.zerosLike(out.output()) : previousOutput;
    List<Operand<T>> kept = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      kept.add(tf.select(keep, out.states().get(i), states.get(i)));
    }
    return new CellOutput<>(tf.select(keep, out.output(), masked), kept);
  }

  /** The loop unrolled: {@code timeSteps} cell steps in the graph (or run one by one eagerly). */
  static <T extends TFloating> Loop<T> unrolled(Ops tf, RNNCell cell, Operand<T> inputs,
      List<Operand<T>> initialStates, long timeSteps, boolean goBackwards, Operand<TBool> mask,
      boolean zeroOutputForMask) {
    List<Operand<T>> xs = new ArrayList<>(tf.unstack(inputs, timeSteps, Unstack.axis(1L)).output());
    List<Operand<TBool>> masks = mask == null
        ? null : new ArrayList<>(tf.unstack(mask, timeSteps, Unstack.axis(1L)).output());
    if (goBackwards) {
      Collections.reverse(xs);
      if (masks != null) {
        Collections.reverse(masks);
      }
    }
    List<Operand<T>> states = initialStates;
    List<Operand<T>> outputs = new ArrayList<>();
    Operand<T> previous = null;
    for (int t = 0; t < xs.size(); t++) {
      CellOutput<T> s = step(tf, cell, xs.get(t), states, masks == null ? null : masks.get(t),
          previous, zeroOutputForMask, inputs.shape().numDimensions() - 1);
      previous = s.output();
      outputs.add(previous);
      states = s.states();
    }
    return new Loop<>(outputs, null, previous, states);
  }

  /**
   * The loop as one TensorFlow while loop (v1 control flow, {@link Graph#whileLoop}) in the graph
   * of {@code tf}; the length may be unknown until the graph runs. The step outputs are kept (in
   * a TensorList) only if {@code keepSequence}.
   */
  static <T extends TFloating> Loop<T> whileLoop(Ops tf, RNNCell cell, Operand<T> inputs,
      List<Operand<T>> initialStates, boolean goBackwards, Operand<TBool> mask,
      boolean zeroOutputForMask, boolean keepSequence) {
    List<long[]> stateDims = new ArrayList<>();
    for (int size : cell.stateSize()) {
      stateDims.add(new long[] {size});
    }
    return whileLoop(tf, cell, inputs, initialStates, goBackwards, mask, zeroOutputForMask,
        keepSequence, new long[] {cell.outputSize()}, stateDims);
  }

  /** The permutation {1, 0, 2, ..., rank - 1}: batch-major to time-major and back. */
  static int[] swapFirstTwo(int rank) {
    int[] perm = new int[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = i;
    }
    perm[0] = 1;
    perm[1] = 0;
    return perm;
  }

  /** {@code batch} followed by {@code dims}. */
  private static long[] withBatch(long batch, long[] dims) {
    long[] s = new long[dims.length + 1];
    s[0] = batch;
    System.arraycopy(dims, 0, s, 1, dims.length);
    return s;
  }

  /**
   * As {@link #whileLoop(Ops, RNNCell, Operand, List, boolean, Operand, boolean, boolean)} for a
   * cell whose output and states have the shapes {@code [batch] + outputDims} and {@code [batch]
   * + stateDims[k]} (a convolutional cell's [batch, spatial..., filters]).
   */
  @SuppressWarnings("unchecked")
  static <T extends TFloating> Loop<T> whileLoop(Ops tf, RNNCell cell, Operand<T> inputs,
      List<Operand<T>> initialStates, boolean goBackwards, Operand<TBool> mask,
      boolean zeroOutputForMask, boolean keepSequence, long[] outputDims,
      List<long[]> stateDims) {
    Graph graph = FlatGraph.graphOf(tf);
    if (graph == null) {
      throw new IllegalStateException("a while loop needs a graph, not eager execution");
    }
    long[] shape = inputs.shape().asArray();
    long batch = shape[0];
    long steps = shape[1];
    Class<T> type = inputs.type();
    int outputSize = cell.outputSize();
    List<Integer> stateSizes = cell.stateSize();
    Operand<T> xs = tf.linalg.transpose(inputs, tf.constant(swapFirstTwo(shape.length)));
    Operand<TBool> ms = mask == null ? null : tf.linalg.transpose(mask, tf.constant(new int[] {1,
        0}));
    if (goBackwards) {
      xs = tf.reverse(xs, tf.constant(new int[] {0}));
      ms = ms == null ? null : tf.reverse(ms, tf.constant(new int[] {0}));
    }
    // Loop variables (each costs control-flow ops per step, so only what is needed): the step
    // index; the length if unknown until run time; inputs (and mask) time-major; the previous
    // output unless it is the first state; the states; the outputs (a TensorList) if returned.
    Operand<TInt32> length = steps >= 0 ? null
        : tf.gather(tf.shape(xs), tf.constant(0), tf.constant(0));
    List<Output<?>> vars = new ArrayList<>();
    vars.add(tf.constant(0).asOutput());
    int lengthVar = length == null ? -1 : vars.size();
    if (length != null) {
      vars.add(length.asOutput());
    }
    int inputVar = vars.size();
    vars.add(xs.asOutput());
    int maskVar = ms == null ? -1 : vars.size();
    if (ms != null) {
      vars.add(ms.asOutput());
    }
    // Built-in cells output their first state (h); without a mask the output needs no variable.
    boolean outputIsState = ms == null && cell instanceof BaseCell;
    int outputVar = outputIsState ? -1 : vars.size();
    if (!outputIsState) {
      vars.add((outputDims.length == 1 ? zeros(tf, inputs, batch, outputSize)
          : zeros(tf, inputs, batch, outputDims)).asOutput());
    }
    int firstState = vars.size();
    initialStates.forEach(s -> vars.add(s.asOutput()));
    int listVar = keepSequence ? vars.size() : -1;
    if (keepSequence) {
      vars.add(tf.tensorListReserve(tf.constant(withBatch(batch, outputDims)),
          length != null ? length : tf.constant((int) steps), type).handle().asOutput());
    }

    Graph.WhileSubgraphBuilder cond = (g, in, out) -> {
      Ops c = subgraphOps(g, tf);
      Operand<TInt32> n = lengthVar < 0 ? c.constant((int) steps) : (Output<TInt32>) in[lengthVar];
      out[0] = c.math.less((Output<TInt32>) in[0], n).asOutput();
    };
    // The C API gives loop variables no static shape. Built-in cells do not need one; a user's
    // cell may, so it gets EnsureShape ops (one more op per variable and step).
    boolean shapes = !RNN.builtIn(cell);
    Graph.WhileSubgraphBuilder body = (g, in, out) -> {
      Ops b = subgraphOps(g, tf);
      Output<TInt32> i = (Output<TInt32>) in[0];
      long[] timeMajor = shape.clone();
      timeMajor[0] = steps;
      timeMajor[1] = batch;
      Operand<T> x = b.gather(shaped(b, shapes, (Output<T>) in[inputVar],
          Shape.of(timeMajor)), i, b.constant(0));
      Operand<TBool> m = maskVar < 0 ? null : b.gather((Output<TBool>) in[maskVar], i,
          b.constant(0));
      Operand<T> previous = outputIsState ? null
          : shaped(b, shapes, (Output<T>) in[outputVar], Shape.of(withBatch(batch, outputDims)));
      List<Operand<T>> states = new ArrayList<>();
      for (int k = 0; k < stateSizes.size(); k++) {
        states.add(shaped(b, shapes, (Output<T>) in[firstState + k],
            Shape.of(withBatch(batch, stateDims.get(k)))));
      }
      CellOutput<T> s = step(b, cell, x, states, m, previous, zeroOutputForMask,
          outputDims.length + 1);
      System.arraycopy(in, 0, out, 0, in.length);
      out[0] = b.math.add(i, b.constant(1)).asOutput();
      if (!outputIsState) {
        out[outputVar] = s.output().asOutput();
      }
      for (int k = 0; k < stateSizes.size(); k++) {
        out[firstState + k] = s.states().get(k).asOutput();
      }
      if (keepSequence) {
        out[listVar] = b.tensorListSetItem(in[listVar], i, s.output()).asOutput();
      }
    };
    Output<?>[] done = graph.whileLoop(vars.toArray(new Output<?>[0]), cond, body,
        tf.scope().makeOpName("while"));

    List<Operand<T>> states = new ArrayList<>();
    for (int k = 0; k < stateSizes.size(); k++) {
      states.add(tf.ensureShape((Output<T>) done[firstState + k],
          Shape.of(withBatch(batch, stateDims.get(k)))));
    }
    Operand<T> last = outputIsState ? states.get(0)
        : tf.ensureShape((Output<T>) done[outputVar], Shape.of(withBatch(batch, outputDims)));
    Operand<T> sequence = null;
    if (keepSequence) {
      long[] element = withBatch(batch, outputDims);
      int[] elementInts = new int[element.length];
      for (int k = 0; k < element.length; k++) {
        elementInts[k] = (int) element[k];
      }
      sequence = tf.ensureShape(tf.tensorListStack(done[listVar], tf.constant(elementInts), type,
          TensorListStack.numElements(steps)), Shape.of(withBatch(steps, element)));
    }
    return new Loop<>(null, sequence, last, states);
  }

  private static <T extends TType> Operand<T> shaped(Ops tf, boolean needed, Operand<T> x,
      Shape shape) {
    return needed ? tf.ensureShape(x, shape) : x;
  }

  /** Ops for a while loop's cond or body graph, on the device of {@code parent}. */
  private static Ops subgraphOps(Graph g, Ops parent) {
    Ops ops = Ops.create(g);
    String device = parent.scope().getDeviceString();
    return device == null || device.isEmpty() ? ops : ops.withDevice(parseDevice(device));
  }

  /** A {@link DeviceSpec} from its string ({@code /job:j/replica:0/task:0/device:CPU:0}). */
  static DeviceSpec parseDevice(String device) {
    DeviceSpec.Builder b = DeviceSpec.newBuilder();
    for (String part : device.split("/")) {
      String[] kv = part.split(":");
      switch (kv[0]) {
        case "job" -> b.job(kv[1]);
        case "replica" -> b.replica(Integer.valueOf(kv[1]));
        case "task" -> b.task(Integer.valueOf(kv[1]));
        case "device" -> {
          b.deviceType(DeviceSpec.DeviceType.valueOf(kv[1].toUpperCase(java.util.Locale.ROOT)));
          if (kv.length > 2 && !kv[2].equals("*")) {
            b.deviceIndex(Integer.valueOf(kv[2]));
          }
        }
        default -> { }
      }
    }
    return b.build();
  }

  /** Zeros of [batch] + dims, batch taken from {@code inputs} when not static. */
  static <T extends TFloating> Operand<T> zeros(Ops tf, Operand<T> inputs, long batch,
      long[] dims) {
    Operand<TInt64> shape = batch >= 0
        ? tf.constant(withBatch(batch, dims))
        : tf.concat(List.of(
            tf.slice(tf.shape(inputs, TInt64.class), tf.constant(new long[] {0}),
                tf.constant(new long[] {1})),
            tf.constant(dims)), tf.constant(0));
    return tf.zeros(shape, inputs.type());
  }

  /** Zeros of [batch, size], batch taken from {@code inputs} when not static. */
  static <T extends TFloating> Operand<T> zeros(Ops tf, Operand<T> inputs, long batch, int size) {
    Operand<TInt64> dims = batch >= 0
        ? tf.constant(new long[] {batch, size})
        : tf.concat(List.of(
            tf.slice(tf.shape(inputs, TInt64.class), tf.constant(new long[] {0}),
                tf.constant(new long[] {1})),
            tf.constant(new long[] {size})), tf.constant(0));
    return tf.zeros(dims, inputs.type());
  }
}
