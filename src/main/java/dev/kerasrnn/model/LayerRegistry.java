package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.activations.ActivationReaders;
import dev.kerasrnn.layers.attention.AttentionReaders;
import dev.kerasrnn.layers.convolutional.ConvolutionalReaders;
import dev.kerasrnn.layers.core.CoreReaders;
import dev.kerasrnn.layers.merging.MergingReaders;
import dev.kerasrnn.layers.normalization.NormalizationReaders;
import dev.kerasrnn.layers.pooling.PoolingReaders;
import dev.kerasrnn.layers.preprocessing.PreprocessingReaders;
import dev.kerasrnn.layers.regularization.RegularizationReaders;
import dev.kerasrnn.layers.reshaping.ReshapingReaders;
import dev.kerasrnn.layers.rnn.RnnReaders;
import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the reader of a layer's Keras class among the layer families; Keras's {@code
 * deserialize_keras_object} for the classes this library implements. Lambda layers, custom
 * (registered) classes and unknown classes are refused here, at load, so nothing of theirs ever
 * runs.
 */
public final class LayerRegistry {
  private static final Set<String> LAMBDAS = Set.of("Lambda", "TFOpLambda", "SlicingOpLambda");
  private static final Map<String, LayerReader> READERS = collect(List.of(
      RnnReaders.readers(), CoreReaders.readers(), ActivationReaders.readers(),
      ConvolutionalReaders.readers(), PoolingReaders.readers(), MergingReaders.readers(),
      NormalizationReaders.readers(), ReshapingReaders.readers(),
      RegularizationReaders.readers(), PreprocessingReaders.readers(),
      AttentionReaders.readers()));

  private LayerRegistry() {}

  private static Map<String, LayerReader> collect(List<Map<String, LayerReader>> families) {
    Map<String, LayerReader> all = new TreeMap<>();
    for (Map<String, LayerReader> f : families) {
      for (Map.Entry<String, LayerReader> e : f.entrySet()) {
        if (all.put(e.getKey(), e.getValue()) != null) {
          throw new IllegalStateException("two readers for Keras class " + e.getKey());
        }
      }
    }
    return Collections.unmodifiableMap(all);
  }

  /**
   * Keras classes whose config carries the name they are exported under rather than their
   * Python class name, which Keras 3 names their weights after ({@code layers/<snake_case>}).
   */
  private static final Map<String, String> PYTHON_NAMES =
      Map.of("GroupQueryAttention", "GroupedQueryAttention");

  /** The Python class name of a config's {@code class_name} (itself for nearly all). */
  public static String pythonClassName(String className) {
    return PYTHON_NAMES.getOrDefault(className, className);
  }

  /** The Keras class names with a reader. */
  public static Set<String> classNames() {
    return READERS.keySet();
  }

  /**
   * The layer of {@code layer} ({@code {"class_name", "config"}}, either era); {@code
   * keras.layers.deserialize}.
   *
   * @param implementation recurrent cells' implementation where the config has none, or null
   * @throws ConfigException naming the layer and its class when it cannot be built
   */
  public static Layer deserialize(JsonNode layer, KerasEra era, Integer implementation) {
    JsonNode cls = layer == null ? null : layer.get("class_name");
    if (cls == null || !cls.isTextual()) {
      throw new ConfigException("a layer config lacks its string 'class_name': " + layer);
    }
    String className = cls.asText();
    if (LAMBDAS.contains(className)) {
      throw new ConfigException("layer of class '" + className + "' holds Python code; it is"
          + " refused (never executed). Rebuild the model without Lambda layers");
    }
    LayerReader reader = READERS.get(className);
    if (reader == null) {
      throw new ConfigException("unknown or unsupported layer class '" + className
          + "'; it is refused (never executed or skipped)");
    }
    LayerConfig c = LayerConfig.of(className, layer.get("config"), era, implementation,
        LayerRegistry::wrapped);
    try {
      return reader.read(c);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("layer '" + c.name() + "' (" + className + "): "
          + e.getMessage());
    }
  }

  /**
   * A layer held by a wrapper's config (TimeDistributed's {@code layer}): a registry layer, or a
   * Sequential / Functional model, which Keras accepts there as any layer.
   */
  private static Layer wrapped(JsonNode layer, KerasEra era, Integer implementation) {
    if (layer != null && ModelConfigParser.isModel(layer)) {
      return Model.wrappedModel(layer, era, implementation);
    }
    return deserialize(layer, era, implementation);
  }

  /**
   * The layer of a model config entry.
   *
   * @param where the file, for messages
   * @param implementation recurrent cells' implementation where the config has none, or null
   */
  static Layer create(LayerSpec spec, KerasEra era, String where, Integer implementation) {
    refuseCustom(spec, where);
    try {
      return deserialize(spec.json(), era, implementation);
    } catch (ConfigException e) {
      String msg = e.getMessage();
      if (msg.contains("'" + spec.name() + "'") && msg.startsWith(where)) {
        throw e;
      }
      throw new ConfigException(where + ": layer '" + spec.name() + "' (" + spec.className()
          + "): " + msg);
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
