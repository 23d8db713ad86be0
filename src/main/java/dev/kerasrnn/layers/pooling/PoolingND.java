package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.AvgPool;
import org.tensorflow.op.nn.AvgPool3d;
import org.tensorflow.op.nn.MaxPool3d;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Keras's 2-D and 3-D pooling, channels_last: {@code tf.nn.max_pool} / {@code tf.nn.avg_pool}
 * (both eras): one MaxPool / AvgPool (NHWC) or MaxPool3D / AvgPool3D (NDHWC) op with window
 * {@code [1, pool..., 1]} and strides {@code [1, strides..., 1]} (strides default to the pool
 * size). The mask is dropped. Not rebuilt in predict() traces.
 */
public abstract class PoolingND extends CoreLayer {
  private final int rank;
  private final int[] poolSize;
  private final int[] strides;
  private final boolean same;
  private final boolean max;

  PoolingND(String name, int rank, boolean max, int[] poolSize, int[] strides, String padding,
      DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    int[] s = strides == null ? poolSize : strides;
    if (poolSize.length != rank || s.length != rank
        || Arrays.stream(poolSize).anyMatch(p -> p <= 0) || Arrays.stream(s).anyMatch(p -> p <= 0)) {
      throw new IllegalArgumentException("layer '" + name + "': pool_size and strides must be "
          + rank + " positive integers, given " + Arrays.toString(poolSize) + " and "
          + Arrays.toString(s));
    }
    if (!padding.equals("valid") && !padding.equals("same")) {
      throw new IllegalArgumentException("layer '" + name + "': padding must be 'valid' or"
          + " 'same', given '" + padding + "'");
    }
    this.rank = rank;
    this.max = max;
    this.poolSize = poolSize.clone();
    this.strides = s.clone();
    this.same = padding.equals("same");
  }

  public int[] poolSize() {
    return poolSize.clone();
  }

  public int[] strides() {
    return strides.clone();
  }

  public String padding() {
    return same ? "same" : "valid";
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), rank + 2, rank + 2);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0).clone();
    for (int i = 0; i < rank; i++) {
      long n = s[1 + i];
      s[1 + i] = n < 0 ? -1 : same ? (n + strides[i] - 1) / strides[i]
          : n < poolSize[i] ? 0 : (n - poolSize[i]) / strides[i] + 1;
    }
    return List.of(s);
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireInputs(inputs, 1, 1);
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), kerasClassName() + " layers");
    }
    return Outputs.of(apply(tf, input(tf, inputs, 0)));
  }

  private <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    long[] window = full(poolSize);
    long[] step = full(strides);
    String pad = same ? "SAME" : "VALID";
    if (rank == 2) {
      return max ? KOps.maxPool(tf, x, window, step, pad)
          : tf.nn.avgPool(x, list(window), list(step), pad, AvgPool.dataFormat("NHWC"));
    }
    return max ? tf.nn.maxPool3d(x, list(window), list(step), pad, MaxPool3d.dataFormat("NDHWC"))
        : tf.nn.avgPool3d(x, list(window), list(step), pad, AvgPool3d.dataFormat("NDHWC"));
  }

  private static long[] full(int[] v) {
    long[] out = new long[v.length + 2];
    Arrays.fill(out, 1);
    for (int i = 0; i < v.length; i++) {
      out[i + 1] = v[i];
    }
    return out;
  }

  private static List<Long> list(long[] v) {
    List<Long> out = new ArrayList<>();
    for (long x : v) {
      out.add(x);
    }
    return out;
  }
}
