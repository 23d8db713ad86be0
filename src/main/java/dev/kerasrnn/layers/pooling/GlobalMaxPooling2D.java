package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.GlobalMaxPooling2D(data_format, keepdims)}; see {@link
 * GlobalMaxPoolingND}.
 */
public final class GlobalMaxPooling2D extends GlobalMaxPoolingND {
  public GlobalMaxPooling2D(String name, boolean keepdims, boolean channelsFirst,
      DTypePolicy dtype, KerasEra era) {
    super(name, 2, keepdims, channelsFirst, dtype, era);
  }
}
