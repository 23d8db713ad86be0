package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/pooling}: MaxPooling1D, AveragePooling1D,
 * GlobalAveragePooling1D, GlobalMaxPooling1D, MaxPooling2D/3D, AveragePooling2D/3D,
 * GlobalAveragePooling2D/3D, GlobalMaxPooling2D/3D.
 */
public final class PoolingReaders {
  private PoolingReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.ofEntries(Map.entry("GlobalMaxPooling2D", c -> globalNd(c, 2, true)),
        Map.entry("GlobalAveragePooling2D", c -> globalNd(c, 2, false)),
        Map.entry("GlobalMaxPooling3D", c -> globalNd(c, 3, true)),
        Map.entry("GlobalAveragePooling3D", c -> globalNd(c, 3, false)),
        Map.entry("MaxPooling1D", c -> pooling1d(c, true)),
        Map.entry("AveragePooling1D", c -> pooling1d(c, false)),
        Map.entry("GlobalMaxPooling1D", c -> global1d(c, true)),
        Map.entry("GlobalAveragePooling1D", c -> global1d(c, false)),
        Map.entry("MaxPooling2D", c -> poolingNd(c, 2, true)),
        Map.entry("AveragePooling2D", c -> poolingNd(c, 2, false)),
        Map.entry("MaxPooling3D", c -> poolingNd(c, 3, true)),
        Map.entry("AveragePooling3D", c -> poolingNd(c, 3, false)));
  }

  /** GlobalAverage/MaxPooling2D/3D: data_format channels_last or channels_first, keepdims. */
  static Layer globalNd(LayerConfig c, int rank, boolean max) {
    c.keys(Set.of("data_format", "keepdims"));
    String format = c.text("data_format", "channels_last");
    if (!format.equals("channels_last") && !format.equals("channels_first")) {
      throw c.error("data_format", "must be channels_last or channels_first, given "
          + c.json().get("data_format"));
    }
    boolean first = format.equals("channels_first");
    boolean keep = c.bool("keepdims", false);
    if (rank == 2) {
      return max ? new GlobalMaxPooling2D(c.name(), keep, first, c.dtypePolicy(), c.era())
          : new GlobalAveragePooling2D(c.name(), keep, first, c.dtypePolicy(), c.era());
    }
    return max ? new GlobalMaxPooling3D(c.name(), keep, first, c.dtypePolicy(), c.era())
        : new GlobalAveragePooling3D(c.name(), keep, first, c.dtypePolicy(), c.era());
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
