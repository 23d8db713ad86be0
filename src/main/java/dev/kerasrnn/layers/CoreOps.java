package dev.kerasrnn.layers;

import static dev.kerasrnn.ops.KOps.addV2;
import static dev.kerasrnn.ops.KOps.scalarLike;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceAll;
import org.tensorflow.op.core.ReduceAny;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

/** Op sequences several core layers share, each the one TF Python emits for the Keras call. */
public final class CoreOps {
  private CoreOps() {}

  /** The static shape of {@code x}, -1 where unknown. */
  public static long[] shape(Operand<?> x) {
    return x.shape().asArray();
  }

  /** Product of {@code dims[from..to)}, or -1 if any is unknown. */
  public static long product(long[] dims, int from, int to) {
    long p = 1;
    for (int i = from; i < to; i++) {
      if (dims[i] < 0) {
        return -1;
      }
      p *= dims[i];
    }
    return p;
  }

  /**
   * {@code tf.reshape(x, (batch, *tail))} where batch is {@code x}'s first dimension: a constant
   * shape when it is static, else {@code Pack(Shape(x)[0], tail...)}.
   */
  public static <T extends TType> Operand<T> reshapeKeepBatch(Ops tf, Operand<T> x, long[] tail) {
    long batch = shape(x)[0];
    if (batch >= 0) {
      long[] s = new long[tail.length + 1];
      s[0] = batch;
      System.arraycopy(tail, 0, s, 1, tail.length);
      return tf.reshape(x, tf.constant(s));
    }
    List<Operand<TInt64>> parts = new ArrayList<>();
    parts.add(tf.stridedSlice(tf.shape(x, TInt64.class), tf.constant(new long[] {0}),
        tf.constant(new long[] {1}), tf.constant(new long[] {1}),
        org.tensorflow.op.core.StridedSlice.shrinkAxisMask(1L)));
    for (long d : tail) {
      parts.add(tf.constant(d));
    }
    return tf.reshape(x, tf.stack(parts));
  }

  /**
   * {@code y} reshaped to {@code like}'s shape with the last dimension replaced by {@code last},
   * from the runtime shape of {@code like} (its leading dimensions are not all static).
   */
  public static <T extends TType> Operand<T> reshapeLastDim(Ops tf, Operand<T> y, Operand<?> like,
      long last) {
    Operand<TInt64> lead = tf.stridedSlice(tf.shape(like, TInt64.class),
        tf.constant(new long[] {0}), tf.constant(new long[] {-1}), tf.constant(new long[] {1}));
    return tf.reshape(y, tf.concat(List.of(lead, tf.constant(new long[] {last})),
        tf.constant(0)));
  }

  /** {@code tf.reshape(x, shape)} with a constant shape. */
  public static <T extends TType> Operand<T> reshape(Ops tf, Operand<T> x, long... shape) {
    return tf.reshape(x, tf.constant(shape));
  }

  /** Normalizes a possibly negative axis for a rank. */
  public static int axis(int axis, int rank) {
    return axis < 0 ? axis + rank : axis;
  }

  /**
   * {@code tf.nn.moments(x, axes, keepdims=True)}: Mean, StopGradient, SquaredDifference, Mean.
   *
   * @return mean and variance
   */
  public static <T extends TFloating> List<Operand<T>> moments(Ops tf, Operand<T> x, int[] axes) {
    Operand<TInt32> ax = tf.constant(axes);
    Operand<T> mean = tf.math.mean(x, ax, Mean.keepDims(true));
    Operand<T> diff = tf.math.squaredDifference(x, tf.stopGradient(mean));
    Operand<T> variance = tf.math.mean(diff, ax, Mean.keepDims(true));
    return List.of(mean, variance);
  }

  /**
   * {@code tf.nn.batch_normalization(x, mean, variance, offset, scale, eps)}: {@code inv =
   * rsqrt(variance + eps) [* scale]}, {@code x * inv + (offset - mean * inv)} or {@code x * inv +
   * (-mean * inv)} without offset. Keras 3's {@code ops.batch_normalization} emits the same.
   */
  public static <T extends TFloating> Operand<T> batchNormalization(Ops tf, Operand<T> x,
      Operand<T> mean, Operand<T> variance, Operand<T> offset, Operand<T> scale, double eps) {
    Operand<T> inv = tf.math.rsqrt(addV2(tf, variance, scalarLike(tf, eps, variance)));
    if (scale != null) {
      inv = tf.math.mul(inv, scale);
    }
    Operand<T> xInv = tf.math.mul(x, inv);
    Operand<T> shift = offset != null ? tf.math.sub(offset, tf.math.mul(mean, inv))
        : tf.math.mul(tf.math.neg(mean), inv);
    return addV2(tf, xInv, shift);
  }

  /** {@code tf.concat(xs, axis)}: the sole element itself when there is one, as TF Python. */
  public static <T extends TType> Operand<T> concat(Ops tf, List<Operand<T>> xs, int axis) {
    return xs.size() == 1 ? xs.get(0) : tf.concat(xs, tf.constant(axis));
  }

  /** {@code tf.reduce_any(x, axis)} / {@code tf.reduce_all(x, axis)} without keepdims. */
  public static Operand<TBool> reduceBool(Ops tf, Operand<TBool> x, int axis, boolean any) {
    Operand<TInt32> ax = tf.constant(axis);
    return any ? tf.reduceAny(x, ax, ReduceAny.keepDims(false))
        : tf.reduceAll(x, ax, ReduceAll.keepDims(false));
  }
}
