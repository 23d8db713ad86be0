package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.ops.FlatGraph;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * What ConvLSTM1D, ConvLSTM2D and ConvLSTM3D share ({@code keras.src.layers.rnn.conv_lstm.
 * ConvLSTM}, tf-keras {@code ConvRNN}): a {@link ConvLSTMCell} stepped over [batch, time,
 * spatial..., channels] by the loop of every recurrent layer ({@link RecurrentLoop}), unrolled
 * or as a while loop; zero initial states (both eras' initial states are zeros) or the given
 * {@code initial_state} [h, c] of shape [batch, output spatial..., filters]; a [batch, time] mask
 * as for LSTM (a masked step keeps the states and repeats the previous output, or zeros with
 * zero_output_for_mask). channels_last, or channels_first for tf-keras ([batch, time, channels,
 * spatial...]); stateful as the other recurrent layers (states of the step's shape).
 */
public abstract class ConvLSTM extends RNN {
  private final ConvLSTMCell cell;
  private long[] spatial;

  ConvLSTM(ConvLSTMCell cell, RNNArgs args) {
    super(cell, args);
    if (args.timeMajor()) {
      throw new IllegalArgumentException("layer '" + args.name() + "': time_major is not a"
          + " ConvLSTM option");
    }
    this.cell = cell;
  }

  @Override
  RNN withArgs(RNNArgs newArgs) {
    return rank() == 1 ? new ConvLSTM1D(cell, newArgs)
        : rank() == 2 ? new ConvLSTM2D(cell, newArgs) : new ConvLSTM3D(cell, newArgs);
  }

  @Override
  public ConvLSTMCell cell() {
    return cell;
  }

  /** Number of spatial dimensions (1, 2 or 3). */
  public int rank() {
    return cell.rank();
  }

  @Override
  public void build(long... inputShape) {
    checkRank(inputShape);
    long[] s = spatialOf(inputShape);
    for (long d : s) {
      if (d <= 0) {
        throw new InvalidInputException(name(), "static spatial dimensions (as Keras requires"
            + " for ConvLSTM)", HostArray.shapeString(inputShape));
      }
    }
    long channels = channelsOf(inputShape);
    if (channels <= 0) {
      throw new InvalidInputException(name(), "a known channel dimension (" + channelAxis() + ")",
          HostArray.shapeString(inputShape));
    }
    synchronized (this) {
      if (spatial != null && !Arrays.equals(spatial, s)) {
        throw new InvalidInputException(name(), "spatial dimensions " + Arrays.toString(spatial)
            + " (the layer is built for them)", HostArray.shapeString(inputShape));
      }
      spatial = s;
    }
    if (stateful()) {
      initStateful(inputShape);
    }
    cell.inputSpatial(s);
    cell.build(channels);
  }

  /** [batch, output spatial..., filters] ([batch, filters, output spatial...] channels_first). */
  @Override
  long[] stateShape(int i, long batch) {
    long[] s;
    synchronized (this) {
      s = spatial;
    }
    if (s == null) {
      throw new IllegalStateException("layer '" + name() + "' is not built");
    }
    return prepend(stepDims(s), batch);
  }

  @Override
  public boolean isBuilt() {
    return cell.isBuilt() && spatial != null;
  }

  private void checkRank(long[] shape) {
    int want = rank() + 3;
    if (shape.length != want) {
      throw new InvalidInputException(name(), "an input of rank " + want + " (batch, time, "
          + (cell.channelsFirst() ? "channels, " : "")
          + (rank() == 1 ? "steps" : rank() == 2 ? "rows, cols" : "d1, d2, d3")
          + (cell.channelsFirst() ? ")" : ", channels)"), "rank " + shape.length + " "
          + HostArray.shapeString(shape));
    }
  }

  private long[] spatialOf(long[] inputShape) {
    int from = cell.channelsFirst() ? 3 : 2;
    return Arrays.copyOfRange(inputShape, from, from + rank());
  }

  private long channelsOf(long[] inputShape) {
    return inputShape[cell.channelsFirst() ? 2 : inputShape.length - 1];
  }

  private String channelAxis() {
    return cell.channelsFirst() ? "axis 2, channels_first" : "last axis";
  }

  /** The step's [output spatial..., filters] ([filters, output spatial...] channels_first). */
  private long[] stepDims(long[] inputSpatial) {
    long[] spatialOut = cell.outputSpatial(inputSpatial);
    long[] out = new long[rank() + 1];
    int at = cell.channelsFirst() ? 1 : 0;
    System.arraycopy(spatialOut, 0, out, at, rank());
    out[cell.channelsFirst() ? 0 : rank()] = cell.filters();
    return out;
  }

  private static long[] prepend(long[] dims, long... lead) {
    long[] s = new long[lead.length + dims.length];
    System.arraycopy(lead, 0, s, 0, lead.length);
    System.arraycopy(dims, 0, s, lead.length, dims.length);
    return s;
  }

  @Override
  public List<long[]> outputShapes(long[] inputShape) {
    checkRank(inputShape);
    long[] step = stepDims(spatialOf(inputShape));
    List<long[]> out = new ArrayList<>();
    out.add(returnSequences() ? prepend(step, inputShape[0], inputShape[1])
        : prepend(step, inputShape[0]));
    if (returnState()) {
      out.add(prepend(step, inputShape[0]));
      out.add(prepend(step, inputShape[0]));
    }
    return out;
  }

  @Override
  public void checkInputs(long[] inputShape, DType inputType, List<long[]> stateShapes,
      List<DType> stateTypes, long[] maskShape) {
    checkRank(inputShape);
    if (maskShape != null && !(maskShape.length == 2 && dimMatches(maskShape[0], inputShape[0])
        && dimMatches(maskShape[1], inputShape[1]))) {
      throw new InvalidInputException(name(), "a mask of shape "
          + HostArray.shapeString(new long[] {inputShape[0], inputShape[1]}) + " (batch, time)",
          HostArray.shapeString(maskShape));
    }
    long[] s = spatialOf(inputShape);
    if (spatial != null && !Arrays.equals(spatial, s)) {
      throw new InvalidInputException(name(), "spatial dimensions " + Arrays.toString(spatial),
          HostArray.shapeString(inputShape));
    }
    long channels = channelsOf(inputShape);
    if (cell.isBuilt() && channels >= 0 && channels != cell.inputFeatures()) {
      throw new InvalidInputException(name(), "input with " + cell.inputFeatures()
          + " channels (" + channelAxis() + ")", HostArray.shapeString(inputShape));
    }
    if (inputShape[1] == 0) {
      throw new InvalidInputException(name(), "at least one time step",
          HostArray.shapeString(inputShape));
    }
    long batch = statefulBatch();
    if (stateful() && batch > 0 && inputShape[0] != batch) {
      throw new InvalidInputException(name(),
          "batch size " + batch + " (the static batch size of this stateful layer)",
          HostArray.shapeString(inputShape));
    }
    if (inputType != cell.dtype()) {
      throw new InvalidInputException(name(), "input dtype " + cell.dtype(), inputType.toString());
    }
    if (stateShapes.isEmpty()) {
      return;
    }
    if (stateShapes.size() != 2) {
      throw new InvalidInputException(name(), "2 initial state tensors [h, c]",
          String.valueOf(stateShapes.size()));
    }
    long[] expected = prepend(stepDims(s), inputShape[0]);
    for (int i = 0; i < 2; i++) {
      long[] g = stateShapes.get(i);
      boolean ok = g.length == expected.length;
      for (int d = 0; ok && d < g.length; d++) {
        ok = d == 0 ? dimMatches(g[0], expected[0]) : g[d] == expected[d];
      }
      if (!ok) {
        throw new InvalidInputException(name(), "initial state " + i + " of shape "
            + HostArray.shapeString(expected), HostArray.shapeString(g));
      }
      if (stateTypes.get(i) != cell.dtype()) {
        throw new InvalidInputException(name(), "initial state " + i + " of dtype "
            + cell.dtype(), stateTypes.get(i).toString());
      }
    }
  }

  @Override
  public <T extends TFloating> Run<T> run(Ops tf, Operand<T> inputs,
      List<Operand<T>> initialState, Operand<TBool> mask, TimeLoop loop) {
    checkInputs(inputs.shape().asArray(), DType.of(inputs.type()), shapes(initialState),
        dtypes(initialState), mask == null ? null : mask.shape().asArray());
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), "ConvLSTM layers");
    }
    long[] shape = inputs.shape().asArray();
    if (!isBuilt()) {
      build(shape);
    }
    boolean graph = FlatGraph.graphOf(tf) != null;
    boolean unrolled = !graph || loop.unrolls(shape[1], args().unroll());
    if (unrolled && shape[1] < 0) {
      throw new InvalidInputException(name(), "a known number of time steps (unrolled: "
          + (args().unroll() ? "unroll=True" : "TimeLoop.UNROLLED") + ")",
          HostArray.shapeString(shape));
    }
    long[] step = stepDims(spatial);
    List<Operand<T>> start = initialState;
    if (start.isEmpty()) {
      start = stateful() ? constants(tf, states())
          : List.of(zeros(tf, inputs, shape[0], step), zeros(tf, inputs, shape[0], step));
    }
    RecurrentLoop.Loop<T> done = unrolled
        ? RecurrentLoop.unrolled(tf, cell, inputs, start, shape[1], goBackwards(), mask,
            args().zeroOutputForMask())
        : RecurrentLoop.whileLoop(tf, cell, inputs, start, goBackwards(), mask,
            args().zeroOutputForMask(), returnSequences(), step, List.of(step, step));
    List<Operand<T>> out = new ArrayList<>();
    out.add(returnSequences() ? done.sequence(tf, 1L) : done.lastOutput());
    if (returnState()) {
      out.addAll(done.states());
    }
    return new Run<>(out, done.states());
  }

  /** Zeros of [batch] + dims, the batch taken from {@code inputs} when not static. */
  @SuppressWarnings("unchecked")
  private static <T extends TFloating> Operand<T> zeros(Ops tf, Operand<T> inputs, long batch,
      long[] dims) {
    if (batch >= 0) {
      // A constant of zeros, not Fill: TF's eager op-as-function cache can reuse a Fill traced
      // for other dims that differ only in their last entries (a wrong shape, or an error).
      try (T t = HostArray.zeros(DType.of(inputs.type()), prepend(dims, batch)).toTensor()) {
        return tf.constantOf(t);
      }
    }
    Operand<TInt64> shape = batch >= 0 ? tf.constant(prepend(dims, batch))
        : tf.concat(List.of(
            tf.slice(tf.shape(inputs, TInt64.class), tf.constant(new long[] {0}),
                tf.constant(new long[] {1})),
            tf.constant(dims)), tf.constant(0));
    return tf.zeros(shape, inputs.type());
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name() + ", filters=" + cell.filters() + ")";
  }
}
