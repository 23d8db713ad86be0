package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.UpSampling1D(size)}: each step repeated {@code size} times (Keras 3's
 * {@code ops.repeat}, tf-keras's {@code repeat_elements}), here ExpandDims, Tile, Reshape.
 */
public final class UpSampling1D extends SpatialLayer {
  private final int size;

  public UpSampling1D(String name, int size, DTypePolicy dtype, KerasEra era) {
    super(name, 3, dtype, era);
    if (size <= 0) {
      throw new IllegalArgumentException("layer '" + name + "': size must be positive, given "
          + size);
    }
    this.size = size;
  }

  public int size() {
    return size;
  }

  @Override
  long[] outputShape(long[] s) {
    return new long[] {s[0], s[1] * size, s[2]};
  }

  @Override
  <T extends TFloating> Operand<T> move(Ops tf, Operand<T> x, long[] s) {
    return repeat(tf, x, 1, size);
  }
}
