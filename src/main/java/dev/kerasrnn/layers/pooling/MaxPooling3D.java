package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/** {@code keras.layers.MaxPooling3D(pool_size, strides, padding)}, channels_last; see {@link PoolingND}. */
public final class MaxPooling3D extends PoolingND {
  public MaxPooling3D(String name, int[] poolSize, int[] strides, String padding, DTypePolicy dtype,
      KerasEra era) {
    super(name, 3, true, poolSize, strides, padding, dtype, era);
  }
}
