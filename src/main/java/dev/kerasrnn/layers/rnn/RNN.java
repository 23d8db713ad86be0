package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.ops.FlatGraph;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * A recurrent layer running any {@link RNNCell} over [batch, time, features]; {@code
 * keras.layers.RNN}. SimpleRNN, LSTM and GRU are this loop around their cells.
 */
public class RNN implements RecurrentLayer {
  private final RNNCell cell;
  private final RNNArgs args;
  private long statefulBatch = -1;
  private volatile boolean cellVerified;
  private List<HostArray> states = List.of();

  /** {@code keras.layers.RNN(cell, ...)}. */
  public RNN(RNNCell cell, RNNArgs args) {
    this.cell = cell;
    this.args = args;
  }

  RNN(RNNCell cell, RNNOptions<?> o) {
    this(cell, o.args);
  }

  @Override
  public String name() {
    return args.name();
  }

  /** The same cell in a layer with other arguments (Bidirectional's forward_/backward_ copies). */
  RNN withArgs(RNNArgs newArgs) {
    return new RNN(cell, newArgs);
  }

  public RNNCell cell() {
    return cell;
  }

  public RNNArgs args() {
    return args;
  }

  public boolean returnSequences() {
    return args.returnSequences();
  }

  public boolean returnState() {
    return args.returnState();
  }

  public boolean goBackwards() {
    return args.goBackwards();
  }

  @Override
  public boolean stateful() {
    return args.stateful();
  }

  @Override
  public DType dtype() {
    return cell.dtype();
  }

  /**
   * Creates the weights for inputs of shape (batch, time, features); {@code build} in Keras. A
   * stateful layer needs the batch size here, as Keras needs a static batch size.
   */
  @Override
  public void build(long... inputShape) {
    if (inputShape.length != 3) {
      throw new InvalidInputException(name(), "an input shape of rank 3 (batch, time, features)",
          "rank " + inputShape.length + " " + HostArray.shapeString(inputShape));
    }
    inputShape = batchMajor(inputShape);
    if (stateful()) {
      initStateful(inputShape);
    }
    cell.build(inputShape[2]);
  }

  /**
   * A stateful layer's static batch size, taken from {@code inputShape} (batch-major) when it
   * builds, and its zero states.
   */
  final void initStateful(long[] inputShape) {
    if (inputShape[0] <= 0) {
      throw new InvalidInputException(name(),
          "a static batch size for a stateful layer (as Keras requires)",
          HostArray.shapeString(inputShape));
    }
    synchronized (this) {
      statefulBatch = inputShape[0];
      if (states.isEmpty()) {
        states = zeroStates();
      }
    }
  }

  /** The static batch size of a stateful layer once built, else -1. */
  final synchronized long statefulBatch() {
    return statefulBatch;
  }

  /** The shape of state {@code i} for {@code batch} rows: [batch, size] here. */
  long[] stateShape(int i, long batch) {
    return new long[] {batch, cell.stateSize().get(i)};
  }

  @Override
  public boolean isBuilt() {
    return cell.isBuilt();
  }

  /** A (batch, time, ...) view of a shape given in this layer's layout (time-major or not). */
  long[] batchMajor(long[] shape) {
    if (!args.timeMajor() || shape.length < 2) {
      return shape;
    }
    long[] s = shape.clone();
    s[0] = shape[1];
    s[1] = shape[0];
    return s;
  }

  public boolean timeMajor() {
    return args.timeMajor();
  }

  @Override
  public List<Variable> trainableVariables() {
    return cell.trainableVariables();
  }

  @Override
  public List<WeightGroup> weightGroups() {
    return cellWeightGroups(cell, "cell");
  }

  /** A cell's weights under {@code path}; a StackedRNNCells' under {@code path/cells/<name>}. */
  static List<WeightGroup> cellWeightGroups(RNNCell cell, String path) {
    if (cell instanceof StackedRNNCells stacked) {
      List<WeightGroup> out = new ArrayList<>();
      List<String> names = stacked.savedNames();
      for (int i = 0; i < stacked.cells().size(); i++) {
        out.addAll(cellWeightGroups(stacked.cells().get(i), path + "/cells/" + names.get(i)));
      }
      return out;
    }
    return List.of(new WeightGroup(path, cell.trainableVariables()));
  }

  @Override
  public List<Integer> stateSizes() {
    return cell.stateSize();
  }

  @Override
  public int outputCount() {
    return 1 + (returnState() ? cell.stateSize().size() : 0);
  }

  @Override
  public List<long[]> outputShapes(long[] inputShape) {
    List<long[]> out = new ArrayList<>();
    long[] s = batchMajor(inputShape);
    long batch = s[0];
    out.add(returnSequences()
        ? batchMajor(new long[] {batch, s[1], cell.outputSize()})
        : new long[] {batch, cell.outputSize()});
    if (returnState()) {
      for (int size : cell.stateSize()) {
        out.add(new long[] {batch, size});
      }
    }
    return out;
  }

  /** Without a mask; see {@link #checkInputs(long[], DType, List, List, long[])}. */
  public void checkInputs(long[] inputShape, DType inputType, List<long[]> stateShapes,
      List<DType> stateTypes) {
    checkInputs(inputShape, inputType, stateShapes, stateTypes, null);
  }

  /**
   * Checks inputs before any op runs: input rank 3 with the built feature size, the layer dtype,
   * either no initial state or one [batch, size] state per cell state, a [batch, time] mask, and
   * for a stateful layer its batch size. Dimensions &lt; 0 are unknown and match anything.
   */
  @Override
  public void checkInputs(long[] givenShape, DType inputType, List<long[]> stateShapes,
      List<DType> stateTypes, long[] maskShape) {
    if (timeMajor() && maskShape != null) {
      throw new InvalidInputException(name(), "no mask for a time-major layer",
          "a mask " + HostArray.shapeString(maskShape));
    }
    long[] inputShape = batchMajor(givenShape);
    if (inputShape.length != 3) {
      throw new InvalidInputException(name(), "input of rank 3 (batch, time, features)",
          "rank " + inputShape.length + " " + HostArray.shapeString(inputShape));
    }
    if (cell.isBuilt() && inputShape[2] >= 0 && inputShape[2] != cell.inputFeatures()) {
      throw new InvalidInputException(name(),
          "input with " + cell.inputFeatures() + " features (last axis)",
          HostArray.shapeString(inputShape));
    }
    if (inputShape[1] == 0) {
      throw new InvalidInputException(name(), "at least one time step",
          HostArray.shapeString(inputShape));
    }
    if (inputType != cell.dtype()) {
      throw new InvalidInputException(name(), "input dtype " + cell.dtype(), inputType.toString());
    }
    if (stateful() && statefulBatch > 0 && inputShape[0] != statefulBatch) {
      throw new InvalidInputException(name(),
          "batch size " + statefulBatch + " (the static batch size of this stateful layer)",
          HostArray.shapeString(inputShape));
    }
    if (maskShape != null) {
      boolean ok = maskShape.length == 2 && dimMatches(maskShape[0], inputShape[0])
          && dimMatches(maskShape[1], inputShape[1]);
      if (!ok) {
        throw new InvalidInputException(name(), "a mask of shape "
            + HostArray.shapeString(new long[] {inputShape[0], inputShape[1]})
            + " (batch, time)", HostArray.shapeString(maskShape));
      }
    }
    checkStates(name(), cell.stateSize(), cell.dtype(), inputShape[0], stateShapes, stateTypes);
  }

  /** Either no initial state or one [batch, size] state of the layer dtype per size. */
  static void checkStates(String layer, List<Integer> sizes, DType dtype, long batch,
      List<long[]> stateShapes, List<DType> stateTypes) {
    if (stateShapes.isEmpty()) {
      return;
    }
    if (stateShapes.size() != sizes.size()) {
      throw new InvalidInputException(layer, sizes.size() + " initial state tensor(s)",
          String.valueOf(stateShapes.size()));
    }
    for (int i = 0; i < sizes.size(); i++) {
      long[] s = stateShapes.get(i);
      long[] expected = {batch, sizes.get(i)};
      boolean ok = s.length == 2 && dimMatches(expected[0], s[0]) && s[1] == expected[1];
      if (!ok) {
        throw new InvalidInputException(layer, "initial state " + i + " of shape "
            + HostArray.shapeString(expected), HostArray.shapeString(s));
      }
      if (stateTypes.get(i) != dtype) {
        throw new InvalidInputException(layer, "initial state " + i + " of dtype " + dtype,
            stateTypes.get(i).toString());
      }
    }
  }

  static boolean dimMatches(long a, long b) {
    return a < 0 || b < 0 || a == b;
  }

  /**
   * {@inheritDoc} In a graph, {@code loop} decides between unrolling and a while loop (Keras's
   * {@code unroll=True} always unrolls); eagerly the cell runs step by step.
   */
  @Override
  public <T extends TFloating> Run<T> run(Ops tf, Operand<T> inputs,
      List<Operand<T>> initialState, Operand<TBool> mask, TimeLoop loop) {
    checkInputs(inputs.shape().asArray(), DType.of(inputs.type()), shapes(initialState),
        dtypes(initialState), mask == null ? null : mask.shape().asArray());
    if (timeMajor()) {
      // tf-keras loops over time-major input as it is; transposing is exact, so values agree.
      inputs = tf.linalg.transpose(inputs, tf.constant(new int[] {1, 0, 2}));
    }
    long[] shape = inputs.shape().asArray();
    if (!cell.isBuilt()) {
      if (shape[2] < 0) {
        throw new InvalidInputException(name(), "a known feature size to build the layer",
            HostArray.shapeString(shape));
      }
      build(batchMajor(shape)); // build takes the layer's own layout
    }
    if (Py.tracing(tf)) {
      return runTraced(tf, inputs, initialState, mask);
    }
    boolean graph = FlatGraph.graphOf(tf) != null;
    boolean unrolled = !graph || loop.unrolls(shape[1], args.unroll());
    if (unrolled && shape[1] < 0) {
      throw new InvalidInputException(name(), "a known number of time steps (unrolled: "
          + (args.unroll() ? "unroll=True" : "TimeLoop.UNROLLED") + ")",
          HostArray.shapeString(shape));
    }
    verifyCell(shape[0], DType.of(inputs.type()));
    List<Operand<T>> start = initialState;
    if (start.isEmpty()) {
      start = stateful() ? constants(tf, states()) : zeroStates(tf, inputs, shape[0]);
    }
    RecurrentLoop.Loop<T> done = unrolled
        ? RecurrentLoop.unrolled(tf, cell, inputs, start, shape[1], args.goBackwards(), mask,
            args.zeroOutputForMask())
        : RecurrentLoop.whileLoop(tf, cell, inputs, start, args.goBackwards(), mask,
            args.zeroOutputForMask(), returnSequences());
    List<Operand<T>> out = new ArrayList<>();
    out.add(returnSequences() ? done.sequence(tf, timeMajor() ? 0L : 1L) : done.lastOutput());
    if (returnState()) {
      out.addAll(done.states());
    }
    return new Run<>(out, done.states());
  }

  /**
   * Keras 3's {@code RNN.call} as {@code predict()} traces it: zero initial states from the
   * input's static shape ({@code Shape}, {@code zeros}), the step-0 slice Keras takes for
   * dropout masks, then {@code backend.rnn} ({@link KerasRnnTrace}) with the cell called as a
   * Keras layer (its own name scope).
   */
  private <T extends TFloating> Run<T> runTraced(Ops tf, Operand<T> inputs,
      List<Operand<T>> initialState, Operand<TBool> mask) {
    if (!builtIn(cell)) {
      throw new UnsupportedTraceException(name(), "RNN(cell) with custom cells");
    }
    List<BaseCell> cells = baseCells(cell);
    for (BaseCell b : cells) {
      if (b.era() != KerasEra.KERAS_3) {
        throw new UnsupportedTraceException(name(),
            "predict() graphs of tf-keras recurrent layers");
      }
      if (b.dropout() > 0 || b.recurrentDropout() > 0) {
        throw new UnsupportedTraceException(name(), "dropout or recurrent_dropout > 0 (Keras 3"
            + " traces an unused dropout mask drawn from the layer's seed generator state)");
      }
    }
    if (stateful()) {
      throw new UnsupportedTraceException(name(), "stateful layers");
    }
    long[] shape = inputs.shape().asArray();
    Class<T> type = inputs.type();
    List<Operand<T>> start = initialState;
    if (start.isEmpty()) {
      PyConst.vector(Py.named(tf, "Shape"), (int) shape[0], (int) shape[1], (int) shape[2]);
      start = new ArrayList<>();
      for (int size : cell.stateSize()) {
        start.add(KerasRnnTrace.zeros(tf, "zeros", new long[] {shape[0], size}, type));
      }
    }
    Py.OpScope slice = Py.op(tf, "strided_slice");
    Operand<T> firstStep = slice.op().stridedSlice(inputs,
        PyConst.vector(slice.inner().withName("stack"), 0, 0, 0),
        PyConst.vector(slice.inner().withName("stack_1"), 0, 1, 0),
        PyConst.vector(slice.inner().withName("stack_2"), 1, 1, 1),
        StridedSlice.beginMask(5L), StridedSlice.endMask(5L), StridedSlice.shrinkAxisMask(2L));
    if (cell instanceof StackedRNNCells) {
      // _maybe_config_dropout_masks replicates StackedRNNCells.call on the first step, each
      // cell called as a layer outside the stack's scope; the results are unused.
      Operand<T> in = firstStep;
      int offset = 0;
      for (BaseCell c : cells) {
        int n = c.stateSize().size();
        in = c.call(Py.kerasCall(tf, c.name()), in, start.subList(offset, offset + n)).output();
        offset += n;
      }
    }
    KerasRnnTrace.Step step = new KerasRnnTrace.Step() {
      @Override
      public <U extends TFloating> CellOutput<U> apply(Ops t, Operand<U> x,
          List<Operand<U>> states) {
        return cell.call(Py.kerasCall(t, cell.name()), x, states);
      }
    };
    KerasRnnTrace.Result<T> r = args.unroll()
        ? KerasRnnTrace.unrolled(tf, step, inputs, start, args.goBackwards(), mask,
            args.zeroOutputForMask(), returnSequences())
        : KerasRnnTrace.rnn(tf, step, inputs, start, args.goBackwards(), mask,
            args.zeroOutputForMask(), returnSequences());
    List<Operand<T>> out = new ArrayList<>();
    out.add(returnSequences() ? r.outputs() : r.lastOutput());
    if (returnState()) {
      out.addAll(r.states());
    }
    return new Run<>(out, r.states());
  }

  /**
   * A cell that is not built in (a user's {@link RNNCell}) is first traced once in a scratch
   * graph, as Keras runs the step once to infer shapes: its output and states must have the
   * shapes it declares. Nothing executes; a mismatch is reported before any op runs.
   */
  private void verifyCell(long batch, DType dtype) {
    if (cellVerified || builtIn(cell)) {
      return;
    }
    long b = batch < 0 ? 1 : batch;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Class<TFloating> type = dtype.tfType();
      Operand<TFloating> x =
          tf.placeholder(type, Placeholder.shape(Shape.of(b, cell.inputFeatures())));
      List<Operand<TFloating>> states = new ArrayList<>();
      for (int size : cell.stateSize()) {
        states.add(tf.placeholder(type, Placeholder.shape(Shape.of(b, size))));
      }
      CellOutput<TFloating> out;
      try {
        out = cell.call(tf, x, states);
      } catch (RuntimeException e) {
        throw new InvalidInputException(name(), "cell '" + cell.name() + "' to accept inputs ("
            + b + ", " + cell.inputFeatures() + ") and states of sizes " + cell.stateSize(),
            "an exception: " + e);
      }
      List<String> declared = new ArrayList<>();
      List<String> returned = new ArrayList<>();
      declared.add(HostArray.shapeString(new long[] {b, cell.outputSize()}));
      returned.add(HostArray.shapeString(out.output().shape().asArray()));
      for (int size : cell.stateSize()) {
        declared.add(HostArray.shapeString(new long[] {b, size}));
      }
      for (Operand<TFloating> st : out.states()) {
        returned.add(HostArray.shapeString(st.shape().asArray()));
      }
      if (!declared.equals(returned)) {
        throw new InvalidInputException(name(), "cell '" + cell.name()
            + "' to return output and states of its declared shapes " + declared, returned
            .toString());
      }
    }
    cellVerified = true;
  }

  /** The cells of a built-in {@code c}: itself, or a stack's cells; a stack of stacks is not. */
  private List<BaseCell> baseCells(RNNCell c) {
    if (!(c instanceof StackedRNNCells s)) {
      return List.of((BaseCell) c);
    }
    List<BaseCell> out = new ArrayList<>();
    for (RNNCell inner : s.cells()) {
      if (!(inner instanceof BaseCell b)) {
        throw new UnsupportedTraceException(name(), "StackedRNNCells inside StackedRNNCells");
      }
      out.add(b);
    }
    return out;
  }

  /** Whether the cell is this library's (or a stack of them), not a user's {@link RNNCell}. */
  static boolean builtIn(RNNCell cell) {
    if (cell instanceof StackedRNNCells s) {
      return s.cells().stream().allMatch(RNN::builtIn);
    }
    return cell instanceof BaseCell;
  }

  private <T extends TFloating> List<Operand<T>> zeroStates(Ops tf, Operand<T> inputs, long batch) {
    List<Operand<T>> out = new ArrayList<>();
    for (int size : cell.stateSize()) {
      out.add(RecurrentLoop.zeros(tf, inputs, batch, size));
    }
    return out;
  }

  static <T extends TFloating> List<Operand<T>> constants(Ops tf, List<HostArray> arrays) {
    List<Operand<T>> out = new ArrayList<>();
    for (HostArray a : arrays) {
      try (T t = a.toTensor()) {
        out.add(tf.constantOf(t));
      }
    }
    return out;
  }

  static <T extends TFloating> List<long[]> shapes(List<Operand<T>> operands) {
    List<long[]> out = new ArrayList<>();
    for (Operand<T> o : operands) {
      out.add(o.shape().asArray());
    }
    return out;
  }

  static <T extends TFloating> List<DType> dtypes(List<Operand<T>> operands) {
    List<DType> out = new ArrayList<>();
    for (Operand<T> o : operands) {
      out.add(DType.of(o.type()));
    }
    return out;
  }

  @Override
  public synchronized List<HostArray> states() {
    return states;
  }

  @Override
  public synchronized void setStates(List<HostArray> newStates) {
    if (!stateful()) {
      throw new IllegalStateException("layer '" + name() + "' is not stateful");
    }
    List<long[]> shapes = new ArrayList<>();
    List<DType> types = new ArrayList<>();
    for (HostArray s : newStates) {
      shapes.add(s.shape());
      types.add(s.dtype());
    }
    int n = cell.stateSize().size();
    if (newStates.size() != n) {
      throw new InvalidInputException(name(), n + " state tensor(s)",
          String.valueOf(newStates.size()));
    }
    for (int i = 0; i < n; i++) {
      long[] expected = stateShape(i, statefulBatch);
      boolean ok = shapes.get(i).length == expected.length;
      for (int d = 0; ok && d < expected.length; d++) {
        ok = dimMatches(expected[d], shapes.get(i)[d]);
      }
      if (!ok) {
        throw new InvalidInputException(name(), "state " + i + " of shape "
            + HostArray.shapeString(expected), HostArray.shapeString(shapes.get(i)));
      }
      if (types.get(i) != cell.dtype()) {
        throw new InvalidInputException(name(), "state " + i + " of dtype " + cell.dtype(),
            types.get(i).toString());
      }
    }
    states = List.copyOf(newStates);
  }

  @Override
  public synchronized void resetStates() {
    if (stateful() && statefulBatch > 0) {
      states = zeroStates();
    }
  }

  private List<HostArray> zeroStates() {
    List<HostArray> out = new ArrayList<>();
    for (int i = 0; i < cell.stateSize().size(); i++) {
      out.add(HostArray.zeros(cell.dtype(), stateShape(i, statefulBatch)));
    }
    return out;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name() + ", cell=" + cell + ")";
  }

}
