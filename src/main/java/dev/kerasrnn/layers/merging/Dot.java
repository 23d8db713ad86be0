package dev.kerasrnn.layers.merging;

import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Dot(axes, normalize)}: both eras' {@code batch_dot} (2-D inputs get
 * ExpandDims, the contracted axes are moved last / to position 1 by Transpose, inputs of rank
 * above 3 are reshaped to 3-D, one BatchMatMulV2, the result reshaped back and the added axis
 * squeezed). {@code normalize=True} L2-normalizes each input along its axis first: Keras 3 as
 * {@code x * minimum(rsqrt(sum(square(x))), 1 / 1e-7)}, tf-keras as {@code tf.linalg.l2_normalize}
 * ({@code x * rsqrt(maximum(sum(square(x)), 1e-12))}). No output mask in either era.
 */
public final class Dot extends CoreLayer {
  private final int[] axes;
  private final boolean normalize;

  /** @param axes one axis for both inputs, or one per input */
  public Dot(String name, int[] axes, boolean normalize, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (axes.length != 1 && axes.length != 2) {
      throw new IllegalArgumentException("layer '" + name + "': axes must be one integer or two,"
          + " given " + Arrays.toString(axes));
    }
    this.axes = axes.clone();
    this.normalize = normalize;
  }

  public int[] axes() {
    return axes.clone();
  }

  public boolean normalize() {
    return normalize;
  }

  /** Dot's own axis resolution: a negative axis modulo each input's rank. */
  private int[] resolved(int rank0, int rank1) {
    if (axes.length == 1) {
      return axes[0] < 0 ? new int[] {Math.floorMod(axes[0], rank0), Math.floorMod(axes[0], rank1)}
          : new int[] {axes[0], axes[0]};
    }
    return new int[] {axes[0] < 0 ? Math.floorMod(axes[0], rank0) : axes[0],
        axes[1] < 0 ? Math.floorMod(axes[1], rank1) : axes[1]};
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 2, 2);
    long[] s0 = shapes.get(0);
    long[] s1 = shapes.get(1);
    requireRank(s0, 2, Integer.MAX_VALUE);
    requireRank(s1, 2, Integer.MAX_VALUE);
    int[] a = resolved(s0.length, s1.length);
    boolean ok = a[0] >= 1 && a[0] < s0.length && a[1] >= 1 && a[1] < s1.length
        && (s0[a[0]] < 0 || s1[a[1]] < 0 || s0[a[0]] == s1[a[1]]);
    if (!ok) {
      throw new InvalidInputException(name(), "Dot(axes=" + Arrays.toString(axes) + ") inputs"
          + " whose contracted axes (not the batch axis) agree", Arrays.toString(s0) + " and "
          + Arrays.toString(s1));
    }
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    List<Long> s0 = new ArrayList<>();
    List<Long> s1 = new ArrayList<>();
    Arrays.stream(inputShapes.get(0)).forEach(s0::add);
    Arrays.stream(inputShapes.get(1)).forEach(s1::add);
    int[] a = resolved(s0.size(), s1.size());
    s0.remove(a[0]);
    s1.remove(a[1]);
    s1.remove(0);
    s0.addAll(s1);
    if (s0.size() == 1) {
      s0.add(1L);
    }
    return List.of(s0.stream().mapToLong(Long::longValue).toArray());
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireInputs(inputs, 2, 2);
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), "Dot layers");
    }
    Operand<? extends TFloating> x = input(tf, inputs, 0);
    return Outputs.of(dot(tf, x, input(tf, inputs, 1)));
  }

  private <T extends TFloating> Operand<T> dot(Ops tf, Operand<T> x, Operand<T> y) {
    int[] a = resolved(x.shape().numDimensions(), y.shape().numDimensions());
    if (normalize) {
      x = l2Normalize(tf, x, a[0]);
      y = l2Normalize(tf, y, a[1]);
    }
    return batchDot(tf, x, y, a[0], a[1]);
  }

  private <T extends TFloating> Operand<T> l2Normalize(Ops tf, Operand<T> x, int axis) {
    Operand<T> squareSum = tf.reduceSum(tf.math.square(x), tf.constant(axis),
        ReduceSum.keepDims(true));
    if (era() == KerasEra.KERAS_3) {
      Operand<T> inv = tf.math.minimum(tf.math.rsqrt(squareSum), scalarLike(tf, 1.0 / 1e-7, x));
      return tf.math.mul(x, inv);
    }
    Operand<T> inv = tf.math.rsqrt(tf.math.maximum(squareSum, scalarLike(tf, 1e-12, x)));
    return tf.math.mul(x, inv);
  }

  private static <T extends TFloating> Operand<T> batchDot(Ops tf, Operand<T> x, Operand<T> y,
      int a0, int a1) {
    int xRank = x.shape().numDimensions();
    int yRank = y.shape().numDimensions();
    int origX = xRank;
    int origY = yRank;
    if (xRank == 2) {
      x = tf.expandDims(x, tf.constant(1));
      a0 += 1;
      xRank += 1;
    }
    if (yRank == 2) {
      y = tf.expandDims(y, tf.constant(2));
      yRank += 1;
    }
    if (a0 != xRank - 1) {
      int[] pattern = range(xRank);
      for (int i = a0; i < xRank - 1; i++) {
        pattern[i] = pattern[i + 1];
      }
      pattern[xRank - 1] = a0;
      x = tf.linalg.transpose(x, tf.constant(pattern));
    }
    if (a1 != 1) {
      int[] pattern = range(yRank);
      for (int i = a1; i > 1; i--) {
        pattern[i] = pattern[i - 1];
      }
      pattern[1] = a1;
      y = tf.linalg.transpose(y, tf.constant(pattern));
    }
    long[] xs = CoreOps.shape(x);
    long[] ys = CoreOps.shape(y);
    requireStatic(xs, xRank > 3);
    requireStatic(ys, yRank > 3);
    if (xRank > 3) {
      x = tf.reshape(x, tf.constant(new long[] {xs[0], -1, xs[xRank - 1]}));
    }
    if (yRank > 3) {
      y = tf.reshape(y, tf.constant(new long[] {ys[0], ys[1], -1}));
    }
    Operand<T> result = KOps.batchMatMulV2(tf, x, y);
    if (xRank > 3 || yRank > 3) {
      List<Long> out = new ArrayList<>();
      long[] rs = CoreOps.shape(result);
      out.add(rs[0]);
      if (xRank > 3) {
        for (int i = 1; i < xRank - 1; i++) {
          out.add(xs[i]);
        }
      } else {
        out.add(rs[1]);
      }
      if (yRank > 3) {
        for (int i = 2; i < yRank; i++) {
          out.add(ys[i]);
        }
      } else {
        out.add(rs[2]);
      }
      result = tf.reshape(result, tf.constant(out.stream().mapToLong(Long::longValue).toArray()));
    }
    if (origX == 2) {
      result = tf.squeeze(result, Squeeze.axis(List.of(1L)));
    } else if (origY == 2) {
      int r = result.shape().numDimensions();
      result = tf.squeeze(result, Squeeze.axis(List.of((long) (r - 1))));
    }
    return result;
  }

  private static void requireStatic(long[] shape, boolean needed) {
    if (needed && Arrays.stream(shape).anyMatch(d -> d < 0)) {
      throw new InvalidInputException("Dot", "static shapes for inputs of rank above 3",
          Arrays.toString(shape));
    }
  }

  private static int[] range(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }
}
