package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import java.util.Set;

/**
 * Builds one model layer from its config entry; Keras's {@code deserialize_keras_object} for the
 * classes this library implements. Recurrent layers, Masking and Embedding come from {@link
 * LayerDeserializer}, the surrounding layers from {@code CoreLayerDeserializer}. Lambda layers,
 * custom (registered) classes and unknown classes are refused here, at load, so nothing of theirs
 * ever runs.
 */
final class LayerFactory {
  static final Set<String> RECURRENT = Set.of("SimpleRNN", "LSTM", "GRU", "RNN", "Bidirectional");
  private static final Set<String> LAMBDAS = Set.of("Lambda", "TFOpLambda", "SlicingOpLambda");

  private LayerFactory() {}

  /**
   * The layer of {@code spec}.
   *
   * @param where the file, for messages
   * @throws ConfigException naming the layer and its class when it cannot be built
   */
  static Layer create(LayerSpec spec, KerasEra era, String where) {
    String name = spec.name();
    String cls = spec.className();
    refuseCustom(spec, where);
    if (LAMBDAS.contains(cls)) {
      throw new ConfigException(where + ": layer '" + name + "' of class '" + cls
          + "' holds Python code; it is refused (never executed). Rebuild the model without"
          + " Lambda layers");
    }
    try {
      if (RECURRENT.contains(cls)) {
        RecurrentLayer layer = LayerDeserializer.deserialize(spec.json(), era, null);
        if (layer.stateful()) {
          throw new ConfigException("stateful=True is not supported inside whole models yet;"
              + " load the layer on its own (RecurrentLayer) to keep states between calls");
        }
        return new RecurrentAdapter(layer, cls);
      }
      switch (cls) {
        case "Masking":
          return LayerDeserializer.masking(spec.json());
        case "Embedding":
          return LayerDeserializer.embedding(spec.json());
        default:
          break;
      }
      Layer core = CoreLayerDeserializer.deserialize(cls, spec.config(), era);
      if (core == null) {
        throw new ConfigException("unknown or unsupported layer class '" + cls
            + "'; it is refused (never executed or skipped)");
      }
      return core;
    } catch (ConfigException e) {
      String msg = e.getMessage();
      if (msg.contains("'" + name + "'") && msg.startsWith(where)) {
        throw e;
      }
      throw new ConfigException(where + ": layer '" + name + "' (" + cls + "): " + msg);
    }
  }

  /** Refuses classes registered by user code ({@code registered_name}, a non-Keras module). */
  private static void refuseCustom(LayerSpec spec, String where) {
    JsonNode module = spec.json().get("module");
    JsonNode registered = spec.json().get("registered_name");
    boolean foreignModule = module != null && module.isTextual()
        && !module.asText().startsWith("keras") && !module.asText().startsWith("tf_keras");
    boolean customName = registered != null && registered.isTextual()
        && !registered.asText().equals(spec.className());
    if (foreignModule || customName) {
      throw new ConfigException(where + ": layer '" + spec.name() + "' of class '"
          + spec.className() + "' is a custom class (module " + module + ", registered_name "
          + registered + "); custom layers are refused (never executed)");
    }
  }
}
