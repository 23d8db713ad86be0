package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.initializers.GlorotUniform;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.initializers.Ones;
import dev.kerasrnn.initializers.Orthogonal;
import dev.kerasrnn.initializers.Zeros;

/**
 * Initializers named in a Keras config (string or {@code {"class_name", "config"}}). Ones this
 * library cannot run yet are accepted as long as they are never run: loaded weights replace them.
 */
final class InitializerDeserializer {
  private InitializerDeserializer() {}

  static Initializer deserialize(JsonNode init, String layer) {
    if (init == null || init.isNull()) {
      return null;
    }
    String cls = init.isTextual() ? init.asText() : init.path("class_name").asText("");
    JsonNode cfg = init.path("config");
    JsonNode seed = cfg.path("seed");
    Integer s = seed.canConvertToInt() ? seed.asInt() : null;
    switch (cls) {
      case "GlorotUniform":
      case "glorot_uniform":
        return s == null ? new GlorotUniform() : new GlorotUniform(s);
      case "Orthogonal":
      case "OrthogonalInitializer":
      case "orthogonal":
        double gain = cfg.path("gain").asDouble(1.0);
        return s == null ? new Orthogonal(gain) : new Orthogonal(gain, s);
      case "Zeros":
      case "zeros":
        return new Zeros();
      case "Ones":
      case "ones":
        return new Ones();
      default:
        return new Unsupported(layer, cls);
    }
  }

  /** Fails only if asked for a value, i.e. when no weights were loaded. */
  private static final class Unsupported implements Initializer {
    private final String layer;
    private final String cls;

    Unsupported(String layer, String cls) {
      this.layer = layer;
      this.cls = cls;
    }

    @Override
    public HostArray generate(DType dtype, long... shape) {
      throw new ConfigException("layer '" + layer + "': initializer '" + cls
          + "' is not supported; load the layer's weights instead");
    }
  }
}
