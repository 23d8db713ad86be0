package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Cropping1D(cropping)}: {@code x[:, start:-end, :]}, one StridedSlice.
 */
public final class Cropping1D extends SpatialLayer {
  private final int start;
  private final int end;

  public Cropping1D(String name, int start, int end, DTypePolicy dtype, KerasEra era) {
    super(name, 3, dtype, era);
    if (start < 0 || end < 0) {
      throw new IllegalArgumentException("layer '" + name + "': cropping must be >= 0, given ("
          + start + ", " + end + ")");
    }
    this.start = start;
    this.end = end;
  }

  public int[] cropping() {
    return new int[] {start, end};
  }

  @Override
  long[] outputShape(long[] s) {
    if (start + end >= s[1]) {
      throw new InvalidInputException(name(), "more than " + (start + end) + " steps for"
          + " cropping (" + start + ", " + end + ")", "shape " + Arrays.toString(s));
    }
    return new long[] {s[0], s[1] - start - end, s[2]};
  }

  @Override
  <T extends TFloating> Operand<T> move(Ops tf, Operand<T> x, long[] s) {
    return tf.stridedSlice(x, tf.constant(new long[] {0, start, 0}),
        tf.constant(new long[] {0, s[1] - end, 0}), tf.constant(new long[] {1, 1, 1}),
        org.tensorflow.op.core.StridedSlice.beginMask(5L),
        org.tensorflow.op.core.StridedSlice.endMask(5L));
  }
}
