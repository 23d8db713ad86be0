package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.activations.Activations;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.activations.Activation;
import dev.kerasrnn.layers.convolutional.Conv1D;
import dev.kerasrnn.layers.core.Dense;
import dev.kerasrnn.layers.merging.Add;
import dev.kerasrnn.layers.merging.Average;
import dev.kerasrnn.layers.merging.Concatenate;
import dev.kerasrnn.layers.merging.Multiply;
import dev.kerasrnn.layers.normalization.BatchNormalization;
import dev.kerasrnn.layers.normalization.LayerNormalization;
import dev.kerasrnn.layers.pooling.AveragePooling1D;
import dev.kerasrnn.layers.pooling.GlobalAveragePooling1D;
import dev.kerasrnn.layers.pooling.GlobalMaxPooling1D;
import dev.kerasrnn.layers.pooling.MaxPooling1D;
import dev.kerasrnn.layers.regularization.Dropout;
import dev.kerasrnn.layers.regularization.GaussianNoise;
import dev.kerasrnn.layers.regularization.SpatialDropout1D;
import dev.kerasrnn.layers.reshaping.Flatten;
import dev.kerasrnn.layers.reshaping.Permute;
import dev.kerasrnn.layers.reshaping.RepeatVector;
import dev.kerasrnn.layers.reshaping.Reshape;
import dev.kerasrnn.layers.rnn.TimeDistributed;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Builds the non-recurrent layers of {@code dev.kerasrnn.layers} from their Keras config (the
 * {@code "config"} object of either era; {@code keras.layers.deserialize}). Every key is either
 * understood or refused with a {@link ConfigException} naming the layer and key; keys that only
 * matter in training (regularizers, constraints, seeds, momentum) are accepted and ignored.
 */
public final class CoreLayerDeserializer {
  private static final Set<String> BASE = Set.of("name", "trainable", "dtype",
      "batch_input_shape", "batch_shape", "batch_size", "input_shape", "input_dim",
      "activity_regularizer");
  private static final Set<String> KERNEL = Set.of("activation", "use_bias",
      "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
      "kernel_constraint", "bias_constraint", "lora_rank");
  private static final Set<String> NORM = Set.of("epsilon", "center", "scale", "beta_initializer",
      "gamma_initializer", "beta_regularizer", "gamma_regularizer", "beta_constraint",
      "gamma_constraint");

  private CoreLayerDeserializer() {}

  /**
   * The layer of Keras class {@code className} described by {@code config}, under {@code era}'s
   * semantics, or null if this deserializer does not handle that class.
   *
   * @throws ConfigException naming the layer and the unknown key or unsupported value
   */
  public static Layer deserialize(String className, JsonNode config, KerasEra era) {
    if (config == null || !config.isObject()) {
      throw new ConfigException("layer of class '" + className + "': missing object 'config'");
    }
    Cfg c = new Cfg(className, config);
    DTypePolicy dt = null;
    switch (className) {
      case "Dense":
      case "TimeDistributed":
      case "Dropout":
      case "SpatialDropout1D":
      case "GaussianNoise":
      case "Activation":
      case "Flatten":
      case "Reshape":
      case "RepeatVector":
      case "Permute":
      case "Concatenate":
      case "Add":
      case "Multiply":
      case "Average":
      case "Conv1D":
      case "MaxPooling1D":
      case "AveragePooling1D":
      case "GlobalAveragePooling1D":
      case "GlobalMaxPooling1D":
      case "BatchNormalization":
      case "LayerNormalization":
        dt = DTypePolicyDeserializer.deserialize(config.get("dtype"), c.name);
        break;
      default:
        return null;
    }
    try {
      return build(className, c, dt, era);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("layer '" + c.name + "' (" + className + "): " + e.getMessage());
    }
  }

  private static Layer build(String cls, Cfg c, DTypePolicy dt, KerasEra era) {
    switch (cls) {
      case "Dense": {
        c.keys(KERNEL, Set.of("units"));
        c.refuseSet("lora_rank");
        return Dense.builder(c.positive("units")).name(c.name).dtype(dt).era(era)
            .activation(c.activation(era)).useBias(c.bool("use_bias", true))
            .kernelInitializer(c.init("kernel_initializer", era))
            .biasInitializer(c.init("bias_initializer", era)).build();
      }
      case "TimeDistributed": {
        c.keys(Set.of("layer"));
        JsonNode inner = c.json.get("layer");
        String innerClass = inner == null ? null : inner.path("class_name").asText(null);
        if (innerClass == null) {
          throw c.error("layer", "must be a layer config with a class_name");
        }
        Layer layer = deserialize(innerClass, inner.get("config"), era);
        if (layer == null) {
          throw c.error("layer", "unsupported wrapped class '" + innerClass + "'");
        }
        return new TimeDistributed(c.name, layer, dt, era);
      }
      case "Dropout":
        c.keys(Set.of("rate", "noise_shape", "seed"));
        return new Dropout(c.name, c.number("rate", null), dt, era);
      case "SpatialDropout1D":
        c.keys(Set.of("rate", "noise_shape", "seed"));
        return new SpatialDropout1D(c.name, c.number("rate", null), dt, era);
      case "GaussianNoise":
        c.keys(Set.of("stddev", "seed"));
        return new GaussianNoise(c.name, c.number("stddev", null), dt, era);
      case "Activation":
        c.keys(Set.of("activation"));
        return new Activation(c.name, c.activation(era), dt, era);
      case "Flatten":
        c.keys(Set.of("data_format"));
        c.channelsLast();
        return new Flatten(c.name, dt, era);
      case "Reshape":
        c.keys(Set.of("target_shape"));
        return new Reshape(c.name, c.longs("target_shape"), dt, era);
      case "RepeatVector":
        c.keys(Set.of("n"));
        return new RepeatVector(c.name, c.positive("n"), dt, era);
      case "Permute": {
        c.keys(Set.of("dims"));
        long[] d = c.longs("dims");
        return new Permute(c.name, java.util.Arrays.stream(d).mapToInt(x -> (int) x).toArray(),
            dt, era);
      }
      case "Concatenate":
        c.keys(Set.of("axis"));
        return new Concatenate(c.name, (int) c.number("axis", -1.0), dt, era);
      case "Add":
        c.keys(Set.of());
        return new Add(c.name, dt, era);
      case "Multiply":
        c.keys(Set.of());
        return new Multiply(c.name, dt, era);
      case "Average":
        c.keys(Set.of());
        return new Average(c.name, dt, era);
      case "Conv1D":
        return conv1d(c, dt, era);
      case "MaxPooling1D":
      case "AveragePooling1D": {
        c.keys(Set.of("pool_size", "strides", "padding", "data_format"));
        c.channelsLast();
        int pool = c.single("pool_size", 2);
        Integer strides = c.json.hasNonNull("strides") ? c.single("strides", pool) : null;
        String padding = c.text("padding", "valid");
        return cls.equals("MaxPooling1D")
            ? new MaxPooling1D(c.name, pool, strides, padding, dt, era)
            : new AveragePooling1D(c.name, pool, strides, padding, dt, era);
      }
      case "GlobalAveragePooling1D":
      case "GlobalMaxPooling1D": {
        c.keys(Set.of("data_format", "keepdims"));
        c.channelsLast();
        boolean keep = c.bool("keepdims", false);
        return cls.equals("GlobalMaxPooling1D")
            ? new GlobalMaxPooling1D(c.name, keep, dt, era)
            : new GlobalAveragePooling1D(c.name, keep, dt, era);
      }
      case "BatchNormalization":
        return batchNorm(c, dt, era);
      default:
        return layerNorm(c, dt, era);
    }
  }

  private static Layer conv1d(Cfg c, DTypePolicy dt, KerasEra era) {
    c.keys(KERNEL, Set.of("filters", "kernel_size", "strides", "padding", "data_format",
        "dilation_rate", "groups"));
    c.channelsLast();
    c.refuseSet("lora_rank");
    if (c.json.hasNonNull("groups") && c.json.get("groups").asInt() != 1) {
      throw c.error("groups", "only 1 is supported, given " + c.json.get("groups"));
    }
    Conv1D.Padding padding;
    try {
      padding = Conv1D.Padding.fromKeras(c.text("padding", "valid"));
    } catch (IllegalArgumentException e) {
      throw c.error("padding", "must be valid, same or causal, given " + c.json.get("padding"));
    }
    return Conv1D.builder(c.positive("filters"), c.single("kernel_size", null)).name(c.name)
        .strides(c.single("strides", 1)).padding(padding)
        .dilationRate(c.single("dilation_rate", 1)).activation(c.activation(era))
        .useBias(c.bool("use_bias", true)).kernelInitializer(c.init("kernel_initializer", era))
        .biasInitializer(c.init("bias_initializer", era)).dtype(dt).era(era).build();
  }

  private static Layer batchNorm(Cfg c, DTypePolicy dt, KerasEra era) {
    c.keys(NORM, Set.of("axis", "momentum", "moving_mean_initializer",
        "moving_variance_initializer", "synchronized", "renorm", "renorm_clipping",
        "renorm_momentum", "fused", "virtual_batch_size", "adjustment"));
    c.refuseTrue("renorm");
    c.refuseTrue("fused");
    c.refuseSet("virtual_batch_size");
    c.refuseSet("adjustment");
    long[] axis = c.longs("axis", -1);
    if (axis.length != 1) {
      throw c.error("axis", "must be a single axis, given " + c.json.get("axis"));
    }
    return BatchNormalization.builder().name(c.name).axis((int) axis[0])
        .epsilon(c.number("epsilon", 1e-3)).momentum(c.number("momentum", 0.99))
        .center(c.bool("center", true)).scale(c.bool("scale", true))
        .gammaInitializer(c.init("gamma_initializer", era))
        .betaInitializer(c.init("beta_initializer", era))
        .movingMeanInitializer(c.init("moving_mean_initializer", era))
        .movingVarianceInitializer(c.init("moving_variance_initializer", era))
        .dtype(dt).era(era).build();
  }

  private static Layer layerNorm(Cfg c, DTypePolicy dt, KerasEra era) {
    c.keys(NORM, Set.of("axis", "rms_scaling"));
    c.refuseTrue("rms_scaling");
    int[] axis = java.util.Arrays.stream(c.longs("axis", -1)).mapToInt(x -> (int) x).toArray();
    return LayerNormalization.builder().name(c.name).axis(axis)
        .epsilon(c.number("epsilon", 1e-3)).center(c.bool("center", true))
        .scale(c.bool("scale", true)).gammaInitializer(c.init("gamma_initializer", era))
        .betaInitializer(c.init("beta_initializer", era)).dtype(dt).era(era).build();
  }

  /** One layer's config with typed, error-naming accessors. */
  private static final class Cfg {
    final String cls;
    final JsonNode json;
    final String name;

    Cfg(String cls, JsonNode json) {
      this.cls = cls;
      this.json = json;
      JsonNode n = json.get("name");
      if (n != null && !n.isNull() && !n.isTextual()) {
        throw new ConfigException("layer of class '" + cls + "': 'name' must be a string");
      }
      this.name = n == null || n.isNull() ? dev.kerasrnn.core.KerasNames.toSnakeCase(cls)
          : n.asText();
    }

    ConfigException error(String key, String what) {
      return new ConfigException("layer '" + name + "' (" + cls + "): '" + key + "' " + what);
    }

    @SafeVarargs
    final void keys(Set<String>... allowed) {
      Set<String> all = new HashSet<>(BASE);
      for (Set<String> s : allowed) {
        all.addAll(s);
      }
      for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!all.contains(k)) {
          throw new ConfigException("layer '" + name + "' (" + cls + "): unrecognized config key '"
              + k + "'");
        }
      }
    }

    void refuseTrue(String key) {
      if (json.path(key).asBoolean(false)) {
        throw error(key, "= True is not supported");
      }
    }

    void refuseSet(String key) {
      if (json.hasNonNull(key)) {
        throw error(key, "is not supported, given " + json.get(key));
      }
    }

    void channelsLast() {
      JsonNode d = json.get("data_format");
      if (d != null && !d.isNull() && !d.asText().equals("channels_last")) {
        throw error("data_format", "must be channels_last, given " + d);
      }
    }

    boolean bool(String key, boolean dflt) {
      JsonNode v = json.get(key);
      if (v == null || v.isNull()) {
        return dflt;
      }
      if (!v.isBoolean()) {
        throw error(key, "must be a boolean, given " + v);
      }
      return v.asBoolean();
    }

    double number(String key, Double dflt) {
      JsonNode v = json.get(key);
      if ((v == null || v.isNull()) && dflt != null) {
        return dflt;
      }
      if (v == null || !v.isNumber()) {
        throw error(key, "must be a number, given " + v);
      }
      return v.asDouble();
    }

    int positive(String key) {
      JsonNode v = json.get(key);
      if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
        throw error(key, "must be a positive integer, given " + v);
      }
      return v.asInt();
    }

    String text(String key, String dflt) {
      JsonNode v = json.get(key);
      if (v == null || v.isNull()) {
        return dflt;
      }
      if (!v.isTextual()) {
        throw error(key, "must be a string, given " + v);
      }
      return v.asText();
    }

    /** An int or a list of ints ({@code axis}, {@code target_shape}, {@code dims}). */
    long[] longs(String key, long... dflt) {
      JsonNode v = json.get(key);
      if ((v == null || v.isNull()) && dflt.length > 0) {
        return dflt;
      }
      if (v != null && v.isIntegralNumber()) {
        return new long[] {v.asLong()};
      }
      if (v == null || !v.isArray()) {
        throw error(key, "must be an integer or a list of integers, given " + v);
      }
      long[] out = new long[v.size()];
      for (int i = 0; i < out.length; i++) {
        if (!v.get(i).isIntegralNumber()) {
          throw error(key, "must hold integers, given " + v);
        }
        out[i] = v.get(i).asLong();
      }
      return out;
    }

    /** A positive int written as an int or a one-element list ({@code kernel_size: [3]}). */
    int single(String key, Integer dflt) {
      JsonNode v = json.get(key);
      if ((v == null || v.isNull()) && dflt != null) {
        return dflt;
      }
      long[] l = longs(key);
      if (l.length != 1 || l[0] <= 0 || l[0] > Integer.MAX_VALUE) {
        throw error(key, "must be one positive integer, given " + v);
      }
      return (int) l[0];
    }

    dev.kerasrnn.activations.Activation activation(KerasEra era) {
      JsonNode a = json.get("activation");
      String n;
      if (a == null || a.isNull()) {
        n = null;
      } else if (a.isTextual()) {
        n = a.asText();
      } else if (a.isObject() && a.path("config").isTextual()) {
        n = a.path("config").asText();
      } else {
        throw error("activation", "must name a built-in activation, given " + a);
      }
      try {
        return Activations.get(n, era);
      } catch (ConfigException e) {
        throw error("activation", e.getMessage());
      }
    }

    Initializer init(String key, KerasEra era) {
      return InitializerDeserializer.deserialize(json.get(key), name, era);
    }
  }

  /** The Keras class names {@link #deserialize} handles. */
  public static List<String> classNames() {
    return List.of("Dense", "TimeDistributed", "Dropout", "SpatialDropout1D", "GaussianNoise",
        "Activation", "Flatten", "Reshape", "RepeatVector", "Permute", "Concatenate", "Add",
        "Multiply", "Average", "Conv1D", "MaxPooling1D", "AveragePooling1D",
        "GlobalAveragePooling1D", "GlobalMaxPooling1D", "BatchNormalization",
        "LayerNormalization");
  }
}
