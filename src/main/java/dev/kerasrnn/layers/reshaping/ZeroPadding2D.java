package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.KOps;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.ZeroPadding2D(padding)} (channels_last): one Pad op, {@code ((top,
 * bottom), (left, right))} zero rows and columns.
 */
public final class ZeroPadding2D extends SpatialLayer {
  private final int[][] padding;

  public ZeroPadding2D(String name, int[][] padding, DTypePolicy dtype, KerasEra era) {
    super(name, 4, dtype, era);
    this.padding = CroppingArgs.check(name, "padding", padding);
  }

  public int[][] padding() {
    return new int[][] {padding[0].clone(), padding[1].clone()};
  }

  @Override
  long[] outputShape(long[] s) {
    return new long[] {s[0], s[1] + padding[0][0] + padding[0][1],
        s[2] + padding[1][0] + padding[1][1], s[3]};
  }

  @Override
  <T extends TFloating> Operand<T> move(Ops tf, Operand<T> x, long[] shape) {
    return KOps.pad(tf, x, tf.constant(new int[][] {{0, 0}, padding[0], padding[1], {0, 0}}));
  }
}
