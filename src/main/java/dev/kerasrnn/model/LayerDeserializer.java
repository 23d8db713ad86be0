package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.GRU;
import dev.kerasrnn.layers.LSTM;
import dev.kerasrnn.layers.RNN;
import dev.kerasrnn.layers.RNNOptions;
import dev.kerasrnn.layers.SimpleRNN;
import java.util.Iterator;
import java.util.Set;

/**
 * Builds a recurrent layer from its Keras config ({@code {"class_name": ..., "config": {...}}}
 * as {@code layer.get_config()} / a model file writes it, either era). Equivalent of {@code
 * keras.layers.deserialize}. Every key is either understood or refused: a config is never run with
 * a setting silently dropped.
 */
public final class LayerDeserializer {
  private static final Set<String> COMMON_KEYS = Set.of("name", "trainable", "dtype",
      "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
      "zero_output_for_mask", "time_major", "units", "activation", "recurrent_activation",
      "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
      "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
      "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
      "recurrent_dropout", "seed", "batch_input_shape", "batch_size", "input_shape",
      "implementation", "use_cudnn");

  private LayerDeserializer() {}

  /**
   * The layer described by {@code layer} under the semantics of {@code era}.
   *
   * @param implementation the cell implementation when the config does not carry it (Keras 3 does
   *     not serialize it), or null for the default 2
   * @throws ConfigException naming the layer and the offending key
   */
  public static RNN deserialize(JsonNode layer, KerasEra era, Integer implementation) {
    String className = text(layer, "class_name", "?", "layer");
    JsonNode c = layer.get("config");
    if (c == null || !c.isObject()) {
      throw new ConfigException("layer of class '" + className + "': missing object 'config'");
    }
    String name = text(c, "name", className, className);
    Integer impl = c.has("implementation") ? Integer.valueOf(c.get("implementation").asInt())
        : implementation;
    switch (className) {
      case "SimpleRNN":
        checkKeys(c, name, Set.of());
        return apply(SimpleRNN.builder(units(c, name)), c, name, era).build();
      case "LSTM": {
        checkKeys(c, name, Set.of("unit_forget_bias"));
        LSTM.Builder b = apply(LSTM.builder(units(c, name)), c, name, era)
            .unitForgetBias(c.path("unit_forget_bias").asBoolean(true));
        if (impl != null) {
          b.implementation(impl);
        }
        return b.build();
      }
      case "GRU": {
        checkKeys(c, name, Set.of("reset_after"));
        GRU.Builder b = apply(GRU.builder(units(c, name)), c, name, era)
            .resetAfter(c.path("reset_after").asBoolean(era == KerasEra.KERAS_3));
        if (impl != null) {
          b.implementation(impl);
        }
        return b.build();
      }
      default:
        throw new ConfigException("layer '" + name + "': unsupported class '" + className
            + "'; supported: SimpleRNN, LSTM, GRU");
    }
  }

  private static <B extends RNNOptions<B>> B apply(B b, JsonNode c, String name, KerasEra era) {
    refuseTrue(c, name, "stateful");
    refuseTrue(c, name, "time_major");
    return b.name(name)
        .era(era)
        .dtype(dtype(c.get("dtype"), name))
        .returnSequences(c.path("return_sequences").asBoolean(false))
        .returnState(c.path("return_state").asBoolean(false))
        .goBackwards(c.path("go_backwards").asBoolean(false))
        .unroll(c.path("unroll").asBoolean(false))
        .activation(activation(c, "activation", "tanh", name))
        .recurrentActivation(activation(c, "recurrent_activation", "sigmoid", name))
        .useBias(c.path("use_bias").asBoolean(true))
        .kernelInitializer(InitializerDeserializer.deserialize(c.get("kernel_initializer"), name))
        .recurrentInitializer(InitializerDeserializer.deserialize(c.get("recurrent_initializer"), name))
        .biasInitializer(InitializerDeserializer.deserialize(c.get("bias_initializer"), name))
        .dropout(c.path("dropout").asDouble(0.0))
        .recurrentDropout(c.path("recurrent_dropout").asDouble(0.0));
  }

  private static void refuseTrue(JsonNode c, String name, String key) {
    if (c.path(key).asBoolean(false)) {
      throw new ConfigException("layer '" + name + "': " + key + "=True is not supported yet");
    }
  }

  private static void checkKeys(JsonNode c, String name, Set<String> extra) {
    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!COMMON_KEYS.contains(k) && !extra.contains(k)) {
        throw new ConfigException("layer '" + name + "': unrecognized config key '" + k + "'");
      }
    }
  }

  private static int units(JsonNode c, String name) {
    JsonNode u = c.get("units");
    if (u == null || !u.canConvertToInt() || u.asInt() <= 0) {
      throw new ConfigException("layer '" + name + "': 'units' must be a positive integer, given "
          + u);
    }
    return u.asInt();
  }

  private static String activation(JsonNode c, String key, String dflt, String name) {
    JsonNode a = c.get(key);
    if (a == null) {
      return dflt;
    }
    if (a.isNull()) {
      return null;
    }
    if (a.isTextual()) {
      return a.asText();
    }
    if (a.isObject() && a.path("config").isTextual()) {
      return a.path("config").asText();
    }
    throw new ConfigException("layer '" + name + "': " + key
        + " must be the name of a built-in activation, given " + a);
  }

  /** A dtype written as a string (Keras 2, Keras 3.0-3.3) or a DTypePolicy / Policy object. */
  static DType dtype(JsonNode d, String name) {
    if (d == null || d.isNull()) {
      return DType.FLOAT32;
    }
    String policy = d.isTextual() ? d.asText() : d.path("config").path("name").asText(null);
    if (policy == null) {
      throw new ConfigException("layer '" + name + "': unreadable dtype " + d);
    }
    try {
      return DType.fromKerasName(policy);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("layer '" + name + "': " + e.getMessage());
    }
  }

  private static String text(JsonNode n, String key, String dflt, String where) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw new ConfigException(where + ": '" + key + "' must be a string, given " + v);
    }
    return v.asText();
  }
}
