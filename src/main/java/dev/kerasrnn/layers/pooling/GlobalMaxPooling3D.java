package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.GlobalMaxPooling3D(data_format, keepdims)}; see {@link
 * GlobalMaxPoolingND}.
 */
public final class GlobalMaxPooling3D extends GlobalMaxPoolingND {
  public GlobalMaxPooling3D(String name, boolean keepdims, boolean channelsFirst,
      DTypePolicy dtype, KerasEra era) {
    super(name, 3, keepdims, channelsFirst, dtype, era);
  }
}
