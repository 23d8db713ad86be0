package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.GlobalAveragePooling3D(data_format, keepdims)}; see {@link
 * GlobalAveragePoolingND}.
 */
public final class GlobalAveragePooling3D extends GlobalAveragePoolingND {
  public GlobalAveragePooling3D(String name, boolean keepdims, boolean channelsFirst,
      DTypePolicy dtype, KerasEra era) {
    super(name, 3, keepdims, channelsFirst, dtype, era);
  }
}
