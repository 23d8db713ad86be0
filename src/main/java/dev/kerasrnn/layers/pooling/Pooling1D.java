package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Keras's 1-D pooling (channels_last): ExpandDims to 4-D, the 2-D pooling op, Squeeze. Keras 3
 * inserts the unit axis at 1 (window {@code [1, 1, p, 1]}), tf-keras at 2 (window {@code [1, p,
 * 1, 1]}). The mask is dropped.
 */
abstract class Pooling1D extends CoreLayer {
  private final int poolSize;
  private final int strides;
  private final boolean same;

  Pooling1D(String name, int poolSize, Integer strides, String padding, DTypePolicy dtype,
      KerasEra era) {
    super(name, dtype, era);
    int s = strides == null ? poolSize : strides;
    if (poolSize <= 0 || s <= 0) {
      throw new IllegalArgumentException("layer '" + name + "': pool_size and strides must be"
          + " positive, given " + poolSize + " and " + s);
    }
    if (!padding.equals("valid") && !padding.equals("same")) {
      throw new IllegalArgumentException("layer '" + name + "': padding must be 'valid' or"
          + " 'same', given '" + padding + "'");
    }
    this.poolSize = poolSize;
    this.strides = s;
    this.same = padding.equals("same");
  }

  public int poolSize() {
    return poolSize;
  }

  public int strides() {
    return strides;
  }

  public String padding() {
    return same ? "same" : "valid";
  }

  /** The 2-D pooling op on the 4-D input. */
  /** TF Python's name scope of the 1-D pool ({@code MaxPool1d}, {@code AvgPool1D}). */
  abstract String scopeName();

  abstract <T extends TFloating> Operand<T> pool(Ops tf, Operand<T> x4, long[] window,
      long[] strides, String padding);

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 3, 3);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    long n = s[1] < 0 ? -1 : same ? (s[1] + strides - 1) / strides
        : s[1] < poolSize ? 0 : (s[1] - poolSize) / strides + 1;
    return List.of(new long[] {s[0], n, s[2]});
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireInputs(inputs, 1, 1);
    return Outputs.of(apply(tf, input(tf, inputs, 0)));
  }

  private <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    int axis = era() == KerasEra.KERAS_3 ? 1 : 2;
    long[] window = {1, 1, 1, 1};
    long[] step = {1, 1, 1, 1};
    window[3 - axis] = poolSize;
    step[3 - axis] = strides;
    // tf.nn.max_pool1d / avg_pool1d: their scope, ExpandDims, the pool op named after the scope,
    // Squeeze.
    Py.OpScope scope = Py.op(tf, scopeName());
    Py.OpScope ex = Py.op(scope.inner(), "ExpandDims");
    Operand<T> x4 = ex.op().expandDims(x, PyConst.scalar(ex.inner().withName("dim"), axis));
    Operand<T> y = pool(scope.op(), x4, window, step, same ? "SAME" : "VALID");
    return Py.named(scope.inner(), "Squeeze").squeeze(y, Squeeze.axis(List.of((long) axis)));
  }
}
