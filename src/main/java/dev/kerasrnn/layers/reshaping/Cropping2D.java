package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Cropping2D(cropping)} (channels_last): {@code x[:, top:-bottom,
 * left:-right, :]}, one StridedSlice.
 */
public final class Cropping2D extends SpatialLayer {
  private final int[][] cropping;

  public Cropping2D(String name, int[][] cropping, DTypePolicy dtype, KerasEra era) {
    super(name, 4, dtype, era);
    this.cropping = CroppingArgs.check(name, "cropping", cropping);
  }

  public int[][] cropping() {
    return new int[][] {cropping[0].clone(), cropping[1].clone()};
  }

  @Override
  long[] outputShape(long[] s) {
    if (cropping[0][0] + cropping[0][1] >= s[1] || cropping[1][0] + cropping[1][1] >= s[2]) {
      throw new InvalidInputException(name(), "an input larger than cropping "
          + Arrays.deepToString(cropping), "shape " + Arrays.toString(s));
    }
    return new long[] {s[0], s[1] - cropping[0][0] - cropping[0][1],
        s[2] - cropping[1][0] - cropping[1][1], s[3]};
  }

  @Override
  <T extends TFloating> Operand<T> move(Ops tf, Operand<T> x, long[] s) {
    return tf.stridedSlice(x, tf.constant(new long[] {0, cropping[0][0], cropping[1][0], 0}),
        tf.constant(new long[] {0, s[1] - cropping[0][1], s[2] - cropping[1][1], 0}),
        tf.constant(new long[] {1, 1, 1, 1}), StridedSlice.beginMask(9L),
        StridedSlice.endMask(9L));
  }
}
