package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.KerasOps;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * What the built-in cells share: units, era, dtype policy, weights, and the era-specific bias add.
 */
abstract class BaseCell implements RNNCell {
  final String name;
  final int units;
  final KerasEra era;
  final DTypePolicy dtypePolicy;
  final DType dtype;
  final boolean useBias;
  final Initializer kernelInitializer;
  final Initializer recurrentInitializer;
  final Initializer biasInitializer;
  private final double dropout;
  private final double recurrentDropout;
  private final List<Variable> variables = new ArrayList<>();
  private long inputFeatures = -1;

  BaseCell(CellOptions<?> o) {
    this.name = o.name;
    this.units = o.units;
    this.era = o.era;
    this.dtypePolicy = o.dtypePolicy;
    this.dtype = o.dtypePolicy.computeDtype();
    this.useBias = o.useBias;
    this.kernelInitializer = o.kernelInit();
    this.recurrentInitializer = o.recurrentInit();
    this.biasInitializer = o.biasInit();
    this.dropout = o.dropout;
    this.recurrentDropout = o.recurrentDropout;
  }

  /** {@code dropout} (applied in training only; Keras 3 still traces a mask at inference). */
  public double dropout() {
    return dropout;
  }

  /** {@code recurrent_dropout} (as {@link #dropout()}). */
  public double recurrentDropout() {
    return recurrentDropout;
  }

  @Override
  public String name() {
    return name;
  }

  public int units() {
    return units;
  }

  public KerasEra era() {
    return era;
  }

  public boolean useBias() {
    return useBias;
  }

  /** The compute dtype: of inputs, states, computation and outputs. */
  @Override
  public DType dtype() {
    return dtype;
  }

  /** The dtype policy: weights in its variable dtype, computation in its compute dtype. */
  public DTypePolicy dtypePolicy() {
    return dtypePolicy;
  }

  @Override
  public int outputSize() {
    return units;
  }

  @Override
  public boolean isBuilt() {
    return inputFeatures >= 0;
  }

  @Override
  public long inputFeatures() {
    return inputFeatures;
  }

  @Override
  public final synchronized void build(long features) {
    if (features <= 0) {
      throw new IllegalArgumentException(
          "cell '" + name + "': input features must be positive, given " + features);
    }
    if (isBuilt()) {
      if (features != inputFeatures) {
        throw new IllegalStateException("cell '" + name + "' was built for " + inputFeatures
            + " input features, cannot rebuild for " + features);
      }
      return;
    }
    createWeights(features);
    inputFeatures = features;
  }

  /** Refuses a step before {@link #build}: the weights do not exist yet. */
  void requireBuilt() {
    if (!isBuilt()) {
      throw new IllegalStateException("cell '" + name + "' is not built: call build(features)");
    }
  }

  /** Creates the weights in Keras order via {@link #addWeight}. */
  abstract void createWeights(long features);

  Variable addWeight(String weightName, Initializer init, long... shape) {
    Variable v = new Variable(name, weightName, dtypePolicy.variableDtype(),
        dtypePolicy.computeDtype(), shape, init);
    variables.add(v);
    return v;
  }

  @Override
  public List<Variable> trainableVariables() {
    return List.copyOf(variables);
  }

  /** {@code z + b}: BiasAdd in Keras 2 ({@code backend.bias_add}), AddV2 in Keras 3 ({@code +=}). */
  <T extends TFloating> Operand<T> addBias(Ops tf, Operand<T> z, Operand<T> b) {
    return era == KerasEra.KERAS_2 ? tf.nn.biasAdd(z, b) : Py.add(tf, z, b);
  }

  /** {@code z + bias} with the weight itself: read where the era's call reads it. */
  <T extends TFloating> Operand<T> addBias(Ops tf, Operand<T> z, Variable b) {
    return era == KerasEra.KERAS_2 ? tf.nn.biasAdd(z, b.read(tf)) : KerasOps.add(tf, z, b);
  }

  /** {@code x · w} with the weight itself ({@code ops.matmul} in Keras 3). */
  <T extends TFloating> Operand<T> matmul(Ops tf, Operand<T> x, Variable w) {
    return era == KerasEra.KERAS_2 ? tf.linalg.matMul(x, w.read(tf)) : KerasOps.matmul(tf, x, w);
  }

  /** {@code split(z, n, axis)} as {@code tf.split} builds it (the split_dim in its scope). */
  static <T extends TFloating> List<Operand<T>> split(Ops tf, Operand<T> z, int n, int axis) {
    Py.OpScope s = Py.op(tf, "split");
    return new java.util.ArrayList<>(s.op().split(PyConst.scalar(s.inner().withName("split_dim"), axis), z, (long) n).output());
  }

  /** Columns [from, to) of a 2-D weight, as Keras's {@code w[:, from:to]}. */
  /** An open slice end: {@code w[:, from:]}. */
  static final long END = -1;

  /** {@code w[:, from:to]} ({@code to} {@link #END}: {@code w[:, from:]}). */
  static <T extends TFloating> Operand<T> columns(Ops tf, Operand<T> w, long from, long to) {
    boolean open = to == END;
    long stop = open ? w.shape().get(1) : to;
    if (Py.tracing(tf)) {
      return slice2(tf, w, from, stop, open);
    }
    return tf.stridedSlice(w, Indices.all(), Indices.slice(from, stop));
  }

  /**
   * Python's {@code w[:, from:to]} ({@code w[:, from:]} when {@code open}) as {@code
   * _slice_helper} builds it: begin/end/strides constants and masks for the omitted bounds.
   */
  static <T extends TFloating> Operand<T> slice2(Ops tf, Operand<T> w, long from, long to,
      boolean open) {
    Py.OpScope s = Py.op(tf, "strided_slice");
    long beginMask = 1L | (from == 0 ? 2L : 0L);
    long endMask = 1L | (open ? 2L : 0L);
    return s.op().stridedSlice(w, PyConst.vector(s.inner().withName("stack"), 0, (int) from),
        PyConst.vector(s.inner().withName("stack_1"), 0, open ? 0 : (int) to),
        PyConst.vector(s.inner().withName("stack_2"), 1, 1),
        StridedSlice.beginMask(beginMask), StridedSlice.endMask(endMask));
  }

  /** Python's {@code b[from:to]} ({@code b[from:]} when {@code open}) on a vector. */
  static <T extends TFloating> Operand<T> slice1(Ops tf, Operand<T> b, long from, long to,
      boolean open) {
    if (!Py.tracing(tf)) {
      return tf.stridedSlice(b, Indices.slice(from, to));
    }
    Py.OpScope s = Py.op(tf, "strided_slice");
    return s.op().stridedSlice(b, PyConst.vector(s.inner().withName("stack"), (int) from),
        PyConst.vector(s.inner().withName("stack_1"), open ? 0 : (int) to),
        PyConst.vector(s.inner().withName("stack_2"), 1),
        StridedSlice.beginMask(from == 0 ? 1L : 0L), StridedSlice.endMask(open ? 1L : 0L));
  }

  /** Keras's {@code w[:, from:to]} on a weight: a read (each time), then the slice. */
  static <T extends TFloating> Operand<T> columns(Ops tf, Variable w, long from, long to) {
    return columns(tf, w.<T>read(tf), from, to);
  }

  /** Keras's {@code b[from:to]} on a 1-D weight: a read (each time), then the slice. */
  static <T extends TFloating> Operand<T> range(Ops tf, Variable b, long from, long to) {
    return range(tf, b.<T>read(tf), from, to);
  }

  /** {@code x · w} for a tensor {@code w} (a weight's slice): MatMul named {@code MatMul}. */
  static <T extends TFloating> Operand<T> matmul(Ops tf, Operand<T> x, Operand<T> w) {
    return Py.named(tf, "MatMul").linalg.matMul(x, w);
  }

  /** Keras 3's {@code ops.split(w, n, axis)} of a weight: the read inside the split scope. */
  static <T extends TFloating> List<Operand<T>> split(Ops tf, Variable w, int n, int axis) {
    Py.OpScope s = Py.op(tf, "split");
    Operand<TInt32> dim = PyConst.scalar(s.inner().withName("split_dim"), axis);
    Operand<T> v = w.read(s.inner());
    return new java.util.ArrayList<>(s.op().split(dim, v, (long) n).output());
  }

  /** Python {@code 1 - z}: Sub named {@code sub}, the 1 a constant {@code sub/x}. */
  static <T extends TFloating> Operand<T> oneMinus(Ops tf, Operand<T> z) {
    Py.OpScope s = Py.op(tf, "sub");
    return s.op().math.sub(KOps.scalarLike(s.inner().withName("x"), 1.0, z), z);
  }

  /**
   * Keras 3's {@code ops.squeeze(e, 0) for e in ops.split(w, n, axis=0)} on a weight ({@code
   * tf.split} reads it inside its scope, after the split_dim).
   */
  static <T extends TFloating> List<Operand<T>> unstackWeight(Ops tf, Variable w, int n) {
    Py.OpScope s = Py.op(tf, "split");
    Operand<TInt32> dim = PyConst.scalar(s.inner().withName("split_dim"), 0);
    Operand<T> v = w.read(s.inner());
    List<Operand<T>> out = new java.util.ArrayList<>();
    for (Operand<T> part : s.op().split(dim, v, (long) n).output()) {
      out.add(Py.named(tf, "Squeeze").squeeze(part, Squeeze.axis(0L)));
    }
    return out;
  }

  /** Elements [from, to) of a 1-D weight, as Keras's {@code b[from:to]}. */
  static <T extends TFloating> Operand<T> range(Ops tf, Operand<T> b, long from, long to) {
    boolean open = to == END;
    return slice1(tf, b, from, open ? b.shape().get(0) : to, open);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ", units=" + units + ")";
  }
}
