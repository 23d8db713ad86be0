package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/** {@code keras.layers.AveragePooling2D(pool_size, strides, padding)}, channels_last; see {@link PoolingND}. */
public final class AveragePooling2D extends PoolingND {
  public AveragePooling2D(String name, int[] poolSize, int[] strides, String padding, DTypePolicy dtype,
      KerasEra era) {
    super(name, 2, false, poolSize, strides, padding, dtype, era);
  }
}
