package dev.kerasrnn.layers.preprocessing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/preprocessing}: Normalization and Rescaling; the
 * lookup, hashing, encoding and text layers are refused with a message saying to run them
 * outside the model (they map strings or ids by tables this library does not run).
 */
public final class PreprocessingReaders {
  private static final List<String> OUTSIDE = List.of("TextVectorization", "StringLookup",
      "IntegerLookup", "Hashing", "CategoryEncoding", "Discretization", "HashedCrossing");

  private PreprocessingReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    Map<String, LayerReader> m = new HashMap<>();
    m.put("Normalization", PreprocessingReaders::normalization);
    m.put("Rescaling", c -> {
      c.keys(Set.of("scale", "offset"));
      return new Rescaling(c.name(), scalar(c, "scale", null), scalar(c, "offset", 0.0),
          c.dtypePolicy(), c.era());
    });
    for (String cls : OUTSIDE) {
      m.put(cls, c -> {
        throw new ConfigException("layer '" + c.name() + "' (" + cls + "): preprocessing layers"
            + " that look up, hash or encode strings or ids are not supported inside a model;"
            + " run " + cls + " outside the model (e.g. in the input pipeline) and feed the"
            + " model its output");
      });
    }
    return Map.copyOf(m);
  }

  private static Normalization normalization(LayerConfig c) {
    c.keys(Set.of("axis", "mean", "variance", "invert"));
    JsonNode a = c.json().get("axis");
    int[] axis = a == null ? new int[] {-1} : a.isNull() ? new int[0] : c.ints("axis");
    double[] mean = values(c, "mean");
    double[] variance = values(c, "variance");
    if ((mean == null) != (variance == null)) {
      throw c.error(mean == null ? "variance" : "mean", "is set without "
          + (mean == null ? "mean" : "variance"));
    }
    return new Normalization(c.name(), axis, mean, variance, c.bool("invert", false),
        c.dtypePolicy(), c.era());
  }

  /** A number, or null / absent; Rescaling's per-channel lists are refused. */
  private static double scalar(LayerConfig c, String key, Double dflt) {
    JsonNode v = c.json().get(key);
    if (v != null && v.isArray()) {
      throw c.error(key, "as a list (per-channel) is not supported, given " + v);
    }
    return c.number(key, dflt);
  }

  /** A number or (nested) list of numbers, flattened; null when absent or null. */
  private static double[] values(LayerConfig c, String key) {
    JsonNode v = c.json().get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    List<Double> out = new ArrayList<>();
    flatten(c, key, v, out, 0);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flatten(LayerConfig c, String key, JsonNode v, List<Double> out,
      int depth) {
    if (v.isNumber()) {
      out.add(v.asDouble());
    } else if (v.isArray() && depth < 32) {
      for (JsonNode e : v) {
        flatten(c, key, e, out, depth + 1);
      }
    } else {
      throw c.error(key, "must be a number or a list of numbers, given " + v);
    }
  }
}
