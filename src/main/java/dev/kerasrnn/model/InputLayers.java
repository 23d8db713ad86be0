package dev.kerasrnn.model;

import static dev.kerasrnn.model.InboundNodes.brief;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code InputLayer} configs of both eras: {@code batch_shape} (Keras 3) or {@code
 * batch_input_shape} (tf-keras), dtype as a name or a policy object, no sparse or ragged inputs.
 * Declared shapes are bounded so a config cannot make the model allocate absurd amounts.
 */
final class InputLayers {
  /** Largest accepted dimension. */
  static final long MAX_DIM = 1L << 31;
  /** Largest accepted number of elements per example (known dimensions, batch excluded). */
  static final long MAX_EXAMPLE_ELEMENTS = 1L << 31;
  private static final Set<String> KEYS = Set.of("batch_shape", "batch_input_shape", "dtype",
      "sparse", "ragged", "name", "shape", "batch_size", "input_tensor", "optional");

  private InputLayers() {}

  static InputLayer create(LayerSpec spec, String where) {
    JsonNode c = spec.config();
    String at = where + ": InputLayer '" + spec.name() + "'";
    if (!c.isObject()) {
      throw new ConfigException(at + ": missing object 'config'");
    }
    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new ConfigException(at + ": unrecognized config key '" + k + "'");
      }
    }
    if (c.path("sparse").asBoolean(false) || c.path("ragged").asBoolean(false)) {
      throw new ConfigException(at + ": sparse and ragged inputs are not supported");
    }
    JsonNode shape = c.has("batch_shape") ? c.get("batch_shape") : c.get("batch_input_shape");
    long[] batchShape;
    if (shape == null && c.get("shape") != null && c.get("shape").isArray()) {
      JsonNode s = c.get("shape");
      batchShape = new long[s.size() + 1];
      batchShape[0] = c.path("batch_size").canConvertToLong() ? c.get("batch_size").asLong() : -1;
      for (int i = 0; i < s.size(); i++) {
        batchShape[i + 1] = dim(s.get(i), at);
      }
    } else {
      if (shape == null || !shape.isArray() || shape.isEmpty()) {
        throw new ConfigException(at + ": expected 'batch_shape' or 'batch_input_shape' as a"
            + " list, given " + brief(shape));
      }
      batchShape = new long[shape.size()];
      for (int i = 0; i < shape.size(); i++) {
        batchShape[i] = dim(shape.get(i), at);
      }
    }
    if (batchShape.length > 8) {
      throw new ConfigException(at + ": rank " + batchShape.length + " inputs are not supported"
          + " (at most 8)");
    }
    long elements = 1;
    for (int i = 1; i < batchShape.length; i++) {
      if (batchShape[i] > 0) {
        if (batchShape[i] > MAX_EXAMPLE_ELEMENTS / elements) {
          throw new ConfigException(at + ": declared shape " + brief(shape) + " holds more than "
              + MAX_EXAMPLE_ELEMENTS + " elements per example");
        }
        elements *= batchShape[i];
      }
    }
    JsonNode dtype = c.get("dtype");
    String dtypeName = dtype == null || dtype.isNull() ? "float32"
        : dtype.isTextual() ? dtype.asText() : dtype.path("config").path("name").asText("float32");
    return new InputLayer(spec.name(), batchShape, dtypeName);
  }

  private static long dim(JsonNode d, String at) {
    if (d == null || d.isNull()) {
      return -1;
    }
    if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0
        || d.asLong() > MAX_DIM) {
      throw new ConfigException(at + ": a dimension must be null or an integer in [0, "
          + MAX_DIM + "], given " + brief(d));
    }
    return d.asLong();
  }
}
