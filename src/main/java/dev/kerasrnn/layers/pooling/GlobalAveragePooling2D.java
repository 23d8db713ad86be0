package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.GlobalAveragePooling2D(data_format, keepdims)}; see {@link
 * GlobalAveragePoolingND}.
 */
public final class GlobalAveragePooling2D extends GlobalAveragePoolingND {
  public GlobalAveragePooling2D(String name, boolean keepdims, boolean channelsFirst,
      DTypePolicy dtype, KerasEra era) {
    super(name, 2, keepdims, channelsFirst, dtype, era);
  }
}
