package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/** {@code keras.layers.AveragePooling3D(pool_size, strides, padding)}, channels_last; see {@link PoolingND}. */
public final class AveragePooling3D extends PoolingND {
  public AveragePooling3D(String name, int[] poolSize, int[] strides, String padding, DTypePolicy dtype,
      KerasEra era) {
    super(name, 3, false, poolSize, strides, padding, dtype, era);
  }
}
