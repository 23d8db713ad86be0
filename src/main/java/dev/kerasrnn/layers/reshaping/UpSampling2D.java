package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.UpSampling2D(size, interpolation="nearest")} (channels_last): each row
 * repeated {@code size[0]} times, each column {@code size[1]} times (Keras 3's two {@code
 * ops.repeat}; tf-keras's nearest-neighbour resize, which for integer factors picks the same
 * source pixels). Other interpolations are refused by the reader.
 */
public final class UpSampling2D extends SpatialLayer {
  private final int[] size;

  public UpSampling2D(String name, int[] size, DTypePolicy dtype, KerasEra era) {
    super(name, 4, dtype, era);
    if (size.length != 2 || size[0] <= 0 || size[1] <= 0) {
      throw new IllegalArgumentException("layer '" + name + "': size must be two positive"
          + " integers, given " + java.util.Arrays.toString(size));
    }
    this.size = size.clone();
  }

  public int[] size() {
    return size.clone();
  }

  @Override
  long[] outputShape(long[] s) {
    return new long[] {s[0], s[1] * size[0], s[2] * size[1], s[3]};
  }

  @Override
  <T extends TFloating> Operand<T> move(Ops tf, Operand<T> x, long[] s) {
    return repeat(tf, repeat(tf, x, 1, size[0]), 2, size[1]);
  }
}
