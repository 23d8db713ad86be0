package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/pooling}: MaxPooling1D, AveragePooling1D,
 * GlobalAveragePooling1D, GlobalMaxPooling1D, MaxPooling2D/3D, AveragePooling2D/3D.
 */
public final class PoolingReaders {
  private PoolingReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of("MaxPooling1D", c -> pooling1d(c, true),
        "AveragePooling1D", c -> pooling1d(c, false),
        "GlobalMaxPooling1D", c -> global1d(c, true),
        "GlobalAveragePooling1D", c -> global1d(c, false),
        "MaxPooling2D", c -> poolingNd(c, 2, true), "AveragePooling2D", c -> poolingNd(c, 2, false),
        "MaxPooling3D", c -> poolingNd(c, 3, true), "AveragePooling3D", c -> poolingNd(c, 3, false));
  }

  static Layer poolingNd(LayerConfig c, int rank, boolean max) {
    c.keys(Set.of("pool_size", "strides", "padding", "data_format"));
    c.channelsLast();
    int[] pool = c.tuple("pool_size", rank, 2);
    int[] strides = c.has("strides") && !c.json().get("strides").isNull()
        ? c.tuple("strides", rank, null) : null;
    String padding = c.text("padding", "valid").toLowerCase(java.util.Locale.ROOT);
    try {
      if (rank == 2) {
        return max ? new MaxPooling2D(c.name(), pool, strides, padding, c.dtypePolicy(), c.era())
            : new AveragePooling2D(c.name(), pool, strides, padding, c.dtypePolicy(), c.era());
      }
      return max ? new MaxPooling3D(c.name(), pool, strides, padding, c.dtypePolicy(), c.era())
          : new AveragePooling3D(c.name(), pool, strides, padding, c.dtypePolicy(), c.era());
    } catch (IllegalArgumentException e) {
      throw new dev.kerasrnn.core.ConfigException("layer '" + c.name() + "': " + e.getMessage());
    }
  }

  static Layer pooling1d(LayerConfig c, boolean max) {
    c.keys(Set.of("pool_size", "strides", "padding", "data_format"));
    c.channelsLast();
    int pool = c.single("pool_size", 2);
    Integer strides = c.has("strides") ? c.single("strides", pool) : null;
    String padding = c.text("padding", "valid");
    return max ? new MaxPooling1D(c.name(), pool, strides, padding, c.dtypePolicy(), c.era())
        : new AveragePooling1D(c.name(), pool, strides, padding, c.dtypePolicy(), c.era());
  }

  static Layer global1d(LayerConfig c, boolean max) {
    c.keys(Set.of("data_format", "keepdims"));
    c.channelsLast();
    boolean keep = c.bool("keepdims", false);
    return max ? new GlobalMaxPooling1D(c.name(), keep, c.dtypePolicy(), c.era())
        : new GlobalAveragePooling1D(c.name(), keep, c.dtypePolicy(), c.era());
  }
}
