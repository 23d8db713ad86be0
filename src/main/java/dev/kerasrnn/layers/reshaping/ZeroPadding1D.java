package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.KOps;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.ZeroPadding1D(padding)} (channels_last): one Pad op adding {@code
 * padding[0]} zero steps before and {@code padding[1]} after the time axis.
 */
public final class ZeroPadding1D extends SpatialLayer {
  private final int left;
  private final int right;

  public ZeroPadding1D(String name, int left, int right, DTypePolicy dtype, KerasEra era) {
    super(name, 3, dtype, era);
    if (left < 0 || right < 0) {
      throw new IllegalArgumentException("layer '" + name + "': padding must be >= 0, given ("
          + left + ", " + right + ")");
    }
    this.left = left;
    this.right = right;
  }

  public int[] padding() {
    return new int[] {left, right};
  }

  @Override
  long[] outputShape(long[] s) {
    return new long[] {s[0], s[1] + left + right, s[2]};
  }

  @Override
  <T extends TFloating> Operand<T> move(Ops tf, Operand<T> x, long[] shape) {
    return KOps.pad(tf, x, tf.constant(new int[][] {{0, 0}, {left, right}, {0, 0}}));
  }
}
