package dev.kerasrnn.ops;

import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Functions of Keras 3's TensorFlow backend ({@code keras/src/backend/tensorflow/numpy.py}) as
 * they build ops: the same op types in every execution mode, and traced ({@code predict()}) the
 * names and constants TF Python gives them ({@code ExpandDims/dim}, {@code Cast/x}, ...).
 */
public final class BackendOps {
  private BackendOps() {}

  /** A non-negative axis for a tensor of {@code rank} ({@code canonicalize_axis}). */
  public static int canonical(int axis, int rank) {
    return axis < 0 ? axis + rank : axis;
  }

  /** {@code ops.expand_dims(x, axis)}: the axis made non-negative, then {@code tf.expand_dims}. */
  public static <T extends TType> Operand<T> expandDims(Ops tf, Operand<T> x, int axis) {
    int rank = x.shape().numDimensions();
    Py.OpScope s = Py.op(tf, "ExpandDims");
    int a = rank < 0 ? axis : canonical(axis, rank + 1);
    return s.op().expandDims(x, PyConst.scalar(s.inner().withName("dim"), a));
  }

  /** {@code ops.squeeze(x, axis)}: the axis made non-negative, then {@code tf.squeeze}. */
  public static <T extends TType> Operand<T> squeeze(Ops tf, Operand<T> x, int axis) {
    int rank = x.shape().numDimensions();
    long a = rank < 0 ? axis : canonical(axis, rank);
    return Py.named(tf, "Squeeze").squeeze(x, Squeeze.axis(a));
  }

  /**
   * {@code ops.broadcast_to(m, ops.shape(x))} for an {@code x} of static shape: {@code ops.shape}
   * builds a {@code Shape} constant (left unused: the shape passes as Python ints), then {@code
   * tf.broadcast_to} converts them to {@code BroadcastTo/shape}.
   */
  public static <T extends TType> Operand<T> broadcastToShapeOf(Ops tf, Operand<T> m,
      Operand<?> x) {
    if (Py.tracing(tf)) {
      int[] dims = staticShape(x);
      PyConst.vector(Py.named(tf, "Shape"), dims);
      Py.OpScope s = Py.op(tf, "BroadcastTo");
      return s.op().broadcastTo(m, PyConst.vector(s.inner().withName("shape"), dims));
    }
    return tf.broadcastTo(m, tf.shape(x));
  }

  /** {@code ops.cast(v, dtype)} of a Python int: {@code Cast/x} (int32), then Cast. */
  public static <T extends TType> Operand<T> castInt(Ops tf, int v, Class<T> type) {
    Py.OpScope s = Py.op(tf, "Cast");
    return s.op().dtypes.cast(PyConst.scalar(s.inner().withName("x"), v), type);
  }

  /** {@code ops.where(c, x, y)}: SelectV2. */
  public static <T extends TType> Operand<T> where(Ops tf, Operand<TBool> c, Operand<T> x,
      Operand<T> y) {
    return Py.named(tf, "SelectV2").select(c, x, y);
  }

  /** {@code ops.logical_or(a, b)}. */
  public static Operand<TBool> logicalOr(Ops tf, Operand<TBool> a, Operand<TBool> b) {
    return Py.named(tf, "LogicalOr").math.logicalOr(a, b);
  }

  /** {@code ops.any(x, axis)} with an int axis: {@code Any/reduction_indices} a scalar. */
  public static Operand<TBool> any(Ops tf, Operand<TBool> x, int axis) {
    Py.OpScope s = Py.op(tf, "Any");
    return s.op().any(x, PyConst.scalar(s.inner().withName("reduction_indices"), axis));
  }

  /** {@code ops.add(x, y)}: {@code tf.add}, an AddV2 op named {@code Add}. */
  public static <T extends TType> Operand<T> add(Ops tf, Operand<T> x, Operand<T> y) {
    return Py.addV2(Py.named(tf, "Add"), x, y);
  }

  /** {@code ops.multiply(x, y)}: {@code tf.multiply}, Mul. */
  public static <T extends TType> Operand<T> multiply(Ops tf, Operand<T> x, Operand<T> y) {
    return Py.named(tf, "Mul").math.mul(x, y);
  }

  /** {@code ops.concatenate(xs, axis)}: {@code tf.concat}, ConcatV2 with {@code concat/axis}. */
  public static <T extends TType> Operand<T> concatenate(Ops tf, List<Operand<T>> xs, int axis) {
    Py.OpScope s = Py.op(tf, "concat");
    Operand<TInt32> a = PyConst.scalar(s.inner().withName("axis"), axis);
    return s.op().concat(xs, a);
  }

  /** The static shape of {@code x} as ints; every dimension must be known. */
  public static int[] staticShape(Operand<?> x) {
    long[] s = x.shape().asArray();
    if (s == null) {
      throw new IllegalStateException("unknown rank");
    }
    int[] out = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = Math.toIntExact(s[i]);
    }
    return out;
  }
}
