package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.BackendOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.RepeatVector(n)}: (batch, features) to (batch, n, features) by ExpandDims
 * and Tile (tf-keras's ops; Keras 3's {@code ops.repeat} reshapes and tiles too, moving the same
 * values). The mask is dropped.
 */
public final class RepeatVector extends ShapeLayer {
  private final int n;

  public RepeatVector(String name, int n, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (n <= 0) {
      throw new IllegalArgumentException("layer '" + name + "': n must be positive, given " + n);
    }
    this.n = n;
  }

  public RepeatVector(String name, int n, KerasEra era) {
    this(name, n, DTypePolicy.FLOAT32, era);
  }

  public int n() {
    return n;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 2, 2);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    return List.of(new long[] {s[0], n, s[1]});
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    if (Py.tracing(tf) && era() == KerasEra.KERAS_3) {
      return keras3Traced(tf, x);
    }
    return tf.tile(tf.expandDims(x, tf.constant(1)), tf.constant(new int[] {1, n, 1}));
  }

  /**
   * Keras 3's call as traced: {@code ops.shape} (a Shape constant), {@code ops.reshape(x, (b, 1,
   * f))}, then {@code tf.repeat(x, n, axis=1)} ({@code repeat_with_axis} in its Repeat scope: the
   * repeats converted and cast, reshaped to a scalar, ExpandDims, Tile with packed multiples, and
   * the result reshaped to the shape it concatenates from slices of the data's shape).
   */
  @SuppressWarnings("unchecked")
  private <T extends TFloating> Operand<T> keras3Traced(Ops tf, Operand<T> x) {
    int[] s = BackendOps.staticShape(x);
    PyConst.vector(Py.named(tf, "Shape"), s);
    Py.OpScope r = Py.op(tf, "Reshape");
    Operand<T> data = r.op().reshape(x, PyConst.vector(r.inner().withName("shape"), s[0], 1, s[1]));
    Ops rep = Py.scope(tf, "Repeat");
    Operand<TInt32> repeats = Py.named(rep, "Cast").dtypes.cast(
        PyConst.scalar(Py.named(rep, "repeats"), n), TInt32.class);
    Operand<TInt32> shape = PyConst.vector(Py.named(rep, "Shape"), s[0], 1, s[1]);
    Py.OpScope rs = Py.op(rep, "Reshape");
    PyConst.empty(rs.inner().withName("shape"), DataType.DT_FLOAT);
    Operand<TInt32> count = rs.op().reshape(repeats,
        (Operand<TInt32>) PyConst.empty(rs.inner().withName("shape"), DataType.DT_INT32));
    Py.OpScope ex = Py.op(rep, "ExpandDims");
    Operand<T> expanded = ex.op().expandDims(data, PyConst.scalar(ex.inner().withName("dim"), 2));
    Py.OpScope tile = Py.op(rep, "Tile");
    Py.OpScope m = Py.op(tile.inner(), "multiples");
    List<Operand<TInt32>> multiples = List.of(PyConst.scalar(m.inner().withName("0"), 1),
        PyConst.scalar(m.inner().withName("1"), 1), count,
        PyConst.scalar(m.inner().withName("3"), 1));
    Operand<T> tiled = tile.op().tile(expanded, m.op().stack(multiples));
    Operand<TInt32> head = slice(rep, shape, 0, 1, StridedSlice.beginMask(1L));
    Operand<TInt32> axisSize = slice(rep, shape, 1, 2, StridedSlice.shrinkAxisMask(1L));
    Operand<TInt32> size = Py.mul(rep, count, axisSize);
    Operand<TInt32> tail = slice(rep, shape, 2, 0, StridedSlice.endMask(1L));
    Py.OpScope cc = Py.op(rep, "concat");
    Operand<TInt32> middle = Py.named(cc.inner(), "values_1").stack(List.of(size));
    Operand<TInt32> full = cc.op().concat(List.of(head, middle, tail),
        PyConst.scalar(cc.inner().withName("axis"), 0));
    return Py.named(rep, "Reshape").reshape(tiled, full);
  }

  /** {@code shape[begin:end]} as TF Python slices it ({@code strided_slice} and its stacks). */
  private static Operand<TInt32> slice(Ops tf, Operand<TInt32> shape, int begin, int end,
      StridedSlice.Options option) {
    Py.OpScope s = Py.op(tf, "strided_slice");
    return s.op().stridedSlice(shape, PyConst.vector(s.inner().withName("stack"), begin),
        PyConst.vector(s.inner().withName("stack_1"), end),
        PyConst.vector(s.inner().withName("stack_2"), 1), option);
  }
}
