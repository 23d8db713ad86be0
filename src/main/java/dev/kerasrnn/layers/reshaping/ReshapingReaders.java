package dev.kerasrnn.layers.reshaping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/reshaping}: Flatten, Reshape, RepeatVector, Permute,
 * ZeroPadding1D/2D, Cropping1D/2D, UpSampling1D/2D (channels_last; UpSampling2D nearest only).
 */
public final class ReshapingReaders {
  private ReshapingReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.ofEntries(
        Map.entry("Flatten", c -> {
          c.keys(Set.of("data_format"));
          c.channelsLast();
          return new Flatten(c.name(), c.dtypePolicy(), c.era());
        }),
        Map.entry("Reshape", c -> {
          c.keys(Set.of("target_shape"));
          return new Reshape(c.name(), c.longs("target_shape"), c.dtypePolicy(), c.era());
        }),
        Map.entry("RepeatVector", c -> {
          c.keys(Set.of("n"));
          return new RepeatVector(c.name(), c.positive("n"), c.dtypePolicy(), c.era());
        }),
        Map.entry("Permute", c -> {
          c.keys(Set.of("dims"));
          return new Permute(c.name(), c.ints("dims"), c.dtypePolicy(), c.era());
        }),
        Map.entry("ZeroPadding1D", c -> {
          c.keys(Set.of("padding", "data_format"));
          c.channelsLast();
          int[] p = pair(c, "padding", 1);
          return new ZeroPadding1D(c.name(), p[0], p[1], c.dtypePolicy(), c.era());
        }),
        Map.entry("ZeroPadding2D", c -> {
          c.keys(Set.of("padding", "data_format"));
          c.channelsLast();
          return new ZeroPadding2D(c.name(), pairs(c, "padding", 1), c.dtypePolicy(), c.era());
        }),
        Map.entry("Cropping1D", c -> {
          c.keys(Set.of("cropping"));
          int[] p = pair(c, "cropping", 1);
          return new Cropping1D(c.name(), p[0], p[1], c.dtypePolicy(), c.era());
        }),
        Map.entry("Cropping2D", c -> {
          c.keys(Set.of("cropping", "data_format"));
          c.channelsLast();
          return new Cropping2D(c.name(), pairs(c, "cropping", 0), c.dtypePolicy(), c.era());
        }),
        Map.entry("UpSampling1D", c -> {
          c.keys(Set.of("size"));
          return new UpSampling1D(c.name(), c.single("size", 2), c.dtypePolicy(), c.era());
        }),
        Map.entry("UpSampling2D", c -> {
          c.keys(Set.of("size", "data_format", "interpolation"));
          c.channelsLast();
          String interpolation = c.text("interpolation", "nearest");
          if (!interpolation.equalsIgnoreCase("nearest")) {
            throw c.error("interpolation", "'" + interpolation + "' is not supported (only"
                + " 'nearest', which moves values unchanged)");
          }
          int[] size = c.ints("size", 2, 2);
          if (size.length == 1) {
            size = new int[] {size[0], size[0]};
          }
          return new UpSampling2D(c.name(), size, c.dtypePolicy(), c.era());
        }));
  }

  /** An int {@code n} as (n, n), or a list of two ints. */
  private static int[] pair(LayerConfig c, String key, int dflt) {
    int[] v = c.ints(key, dflt);
    if (v.length == 1) {
      return new int[] {v[0], v[0]};
    }
    if (v.length != 2) {
      throw c.error(key, "must be an integer or two, given " + c.json().get(key));
    }
    return v;
  }

  /**
   * An int {@code n} as ((n, n), (n, n)), two ints (a, b) as ((a, a), (b, b)), or two pairs.
   */
  private static int[][] pairs(LayerConfig c, String key, int dflt) {
    JsonNode v = c.json().get(key);
    if (v == null || v.isNull()) {
      return new int[][] {{dflt, dflt}, {dflt, dflt}};
    }
    if (v.isIntegralNumber()) {
      int n = v.asInt();
      return new int[][] {{n, n}, {n, n}};
    }
    if (!v.isArray() || v.size() != 2) {
      throw c.error(key, "must be an integer, two integers or two pairs, given " + v);
    }
    int[][] out = new int[2][];
    for (int i = 0; i < 2; i++) {
      JsonNode e = v.get(i);
      if (e.isIntegralNumber() && e.canConvertToInt()) {
        out[i] = new int[] {e.asInt(), e.asInt()};
      } else if (e.isArray() && e.size() == 2 && e.get(0).isIntegralNumber()
          && e.get(1).isIntegralNumber() && e.get(0).canConvertToInt()
          && e.get(1).canConvertToInt()) {
        out[i] = new int[] {e.get(0).asInt(), e.get(1).asInt()};
      } else {
        throw c.error(key, "must be an integer, two integers or two pairs, given " + v);
      }
    }
    return out;
  }
}
