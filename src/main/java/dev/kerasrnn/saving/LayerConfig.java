package dev.kerasrnn.saving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.activations.Activation;
import dev.kerasrnn.activations.Activations;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.KerasNames;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.Layer;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * One layer's Keras config (the {@code "config"} object of either era) with typed accessors that
 * name the layer and key in every error, as a layer's {@code from_config} reads it. Every key a
 * reader does not list in {@link #keys} is refused: a config is never run with a setting silently
 * dropped. Keys that matter only in training (regularizers, constraints, seeds) are listed by the
 * readers and ignored.
 */
public final class LayerConfig {
  /** Keys every layer may carry: identity, dtype, the input shape declarations. */
  public static final Set<String> BASE = Set.of("name", "trainable", "dtype",
      "batch_input_shape", "batch_shape", "batch_size", "input_shape", "input_dim",
      "activity_regularizer");

  private final String className;
  private final JsonNode json;
  private final String name;
  private final KerasEra era;
  private final Integer implementation;
  private final LayerResolver resolver;

  private LayerConfig(String className, JsonNode json, KerasEra era, Integer implementation,
      LayerResolver resolver) {
    this.className = className;
    this.json = json;
    this.era = era;
    this.implementation = implementation;
    this.resolver = resolver;
    JsonNode n = json.get("name");
    if (n != null && !n.isNull() && !n.isTextual()) {
      throw new ConfigException("layer of class '" + className + "': 'name' must be a string");
    }
    this.name = n == null || n.isNull() ? KerasNames.toSnakeCase(className) : n.asText();
  }

  /**
   * @param implementation the recurrent cells' implementation when the config does not carry it
   *     (Keras 3 does not serialize it), or null for Keras's default
   * @param resolver builds layers nested in this one (a wrapper's {@code layer})
   */
  public static LayerConfig of(String className, JsonNode config, KerasEra era,
      Integer implementation, LayerResolver resolver) {
    if (config == null || !config.isObject()) {
      throw new ConfigException("layer of class '" + className + "': missing object 'config'");
    }
    return new LayerConfig(className, config, era, implementation, resolver);
  }

  /** The same reader context for another config (a cell inside a layer, say). */
  public LayerConfig with(String otherClass, JsonNode otherConfig) {
    return of(otherClass, otherConfig, era, implementation, resolver);
  }

  public String className() {
    return className;
  }

  /** The layer's name ({@code config.name}, else Keras's snake_case of the class). */
  public String name() {
    return name;
  }

  /** The era whose semantics the layer follows. */
  public KerasEra era() {
    return era;
  }

  /** The implementation to use where the config has none, or null. */
  public Integer implementation() {
    return implementation;
  }

  /** The raw config object. */
  public JsonNode json() {
    return json;
  }

  public boolean has(String key) {
    return json.hasNonNull(key);
  }

  public ConfigException error(String key, String what) {
    return new ConfigException("layer '" + name + "' (" + className + "): '" + key + "' " + what);
  }

  /** Refuses every key outside {@link #BASE} and {@code allowed}. */
  @SafeVarargs
  public final void keys(Set<String>... allowed) {
    Set<String> all = new HashSet<>(BASE);
    for (Set<String> s : allowed) {
      all.addAll(s);
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!all.contains(k)) {
        throw new ConfigException("layer '" + name + "' (" + className
            + "): unrecognized config key '" + k + "'");
      }
    }
  }

  public void refuseTrue(String key) {
    if (json.path(key).asBoolean(false)) {
      throw error(key, "= True is not supported");
    }
  }

  public void refuseSet(String key) {
    if (json.hasNonNull(key)) {
      throw error(key, "is not supported, given " + json.get(key));
    }
  }

  /** Refuses a {@code data_format} other than channels_last. */
  public void channelsLast() {
    JsonNode d = json.get("data_format");
    if (d != null && !d.isNull() && !d.asText().equals("channels_last")) {
      throw error("data_format", "must be channels_last, given " + d);
    }
  }

  public boolean bool(String key, boolean dflt) {
    JsonNode v = json.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw error(key, "must be a boolean, given " + v);
    }
    return v.asBoolean();
  }

  /** A number; {@code dflt} null makes the key required. */
  public double number(String key, Double dflt) {
    JsonNode v = json.get(key);
    if ((v == null || v.isNull()) && dflt != null) {
      return dflt;
    }
    if (v == null || !v.isNumber()) {
      throw error(key, "must be a number, given " + v);
    }
    return v.asDouble();
  }

  public int positive(String key) {
    JsonNode v = json.get(key);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
      throw error(key, "must be a positive integer, given " + v);
    }
    return v.asInt();
  }

  public String text(String key, String dflt) {
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
  public long[] longs(String key, long... dflt) {
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

  /** {@link #longs} as ints. */
  public int[] ints(String key, long... dflt) {
    long[] l = longs(key, dflt);
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      if (l[i] < Integer.MIN_VALUE || l[i] > Integer.MAX_VALUE) {
        throw error(key, "out of range: " + json.get(key));
      }
      out[i] = (int) l[i];
    }
    return out;
  }

  /**
   * {@code rank} positive ints written as one int or a list ({@code kernel_size: 3} or {@code [3,
   * 3]}); absent or null: {@code dflt} repeated, or refused when {@code dflt} is null.
   */
  public int[] tuple(String key, int rank, Integer dflt) {
    JsonNode v = json.get(key);
    if (v == null || v.isNull()) {
      if (dflt == null) {
        throw error(key, "is required");
      }
      int[] out = new int[rank];
      java.util.Arrays.fill(out, dflt);
      return out;
    }
    int[] given = ints(key);
    if (given.length == 1 && v.isIntegralNumber()) {
      int[] out = new int[rank];
      java.util.Arrays.fill(out, given[0]);
      given = out;
    }
    if (given.length != rank) {
      throw error(key, "must be " + rank + " integers, given " + v);
    }
    for (int g : given) {
      if (g <= 0) {
        throw error(key, "must be positive integers, given " + v);
      }
    }
    return given;
  }

  /** A positive int written as an int or a one-element list ({@code kernel_size: [3]}). */
  public int single(String key, Integer dflt) {
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

  /**
   * The built-in activation named by {@code key} (a string, or tf-keras's serialized {@code
   * {"config": "tanh"}}); absent or null: linear.
   */
  public Activation activation(String key) {
    String n = activationName(key, null);
    try {
      return Activations.get(n, era);
    } catch (ConfigException e) {
      throw error(key, e.getMessage());
    }
  }

  /** The activation name at {@code key}; {@code dflt} when absent, null for an explicit null. */
  public String activationName(String key, String dflt) {
    JsonNode a = json.get(key);
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
    throw error(key, "must name a built-in activation, given " + a);
  }

  /** The initializer at {@code key} ({@code keras.initializers.deserialize}). */
  public Initializer initializer(String key) {
    return InitializerDeserializer.deserialize(json.get(key), name, era);
  }

  /** The layer's dtype policy ({@code keras.dtype_policies.get}). */
  public DTypePolicy dtypePolicy() {
    return DTypePolicyDeserializer.deserialize(json.get("dtype"), name);
  }

  /** A plain dtype; a mixed policy is refused (the layer takes one dtype). */
  public DType dtype() {
    DTypePolicy p = dtypePolicy();
    if (p.isMixed()) {
      throw new ConfigException("layer '" + name + "': dtype policy " + p.name()
          + " is not supported here; expected a single dtype");
    }
    return p.computeDtype();
  }

  /** The layer nested at {@code key} ({@code {"class_name", "config"}}), through the registry. */
  public Layer layer(String key) {
    JsonNode inner = json.get(key);
    if (inner == null || !inner.isObject() || !inner.path("class_name").isTextual()) {
      throw error(key, "must be a layer config with a class_name");
    }
    try {
      return resolver.resolve(inner, era, implementation);
    } catch (ConfigException e) {
      throw error(key, "holds a layer that cannot be built: " + e.getMessage());
    }
  }
}
