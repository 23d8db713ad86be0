package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.core.Embedding;
import dev.kerasrnn.layers.core.Masking;
import dev.kerasrnn.layers.rnn.Bidirectional;
import dev.kerasrnn.layers.rnn.CellOptions;
import dev.kerasrnn.layers.rnn.GRU;
import dev.kerasrnn.layers.rnn.GRUCell;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.layers.rnn.LSTMCell;
import dev.kerasrnn.layers.rnn.RNN;
import dev.kerasrnn.layers.rnn.RNNArgs;
import dev.kerasrnn.layers.rnn.RNNCell;
import dev.kerasrnn.layers.rnn.RNNOptions;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.layers.rnn.SimpleRNN;
import dev.kerasrnn.layers.rnn.SimpleRNNCell;
import dev.kerasrnn.layers.rnn.StackedRNNCells;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Builds a recurrent layer from its Keras config ({@code {"class_name": ..., "config": {...}}}
 * as {@code layer.get_config()} / a model file writes it, either era). Equivalent of {@code
 * keras.layers.deserialize}. Every key is either understood or refused: a config is never run with
 * a setting silently dropped.
 */
public final class LayerDeserializer {
  private static final Set<String> BASE_KEYS = Set.of("name", "trainable", "dtype",
      "batch_input_shape", "batch_size", "input_shape", "activity_regularizer");
  private static final Set<String> CELL_KEYS = union(BASE_KEYS, Set.of("units", "activation",
      "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
      "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
      "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
      "recurrent_dropout", "seed", "implementation", "unit_forget_bias", "reset_after"));
  private static final Set<String> RNN_KEYS = union(BASE_KEYS, Set.of("return_sequences",
      "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask", "time_major",
      "use_cudnn"));

  private LayerDeserializer() {}

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  /**
   * The recurrent layer described by {@code layer} (SimpleRNN, LSTM, GRU, RNN over any built-in
   * cell or StackedRNNCells, Bidirectional) under the semantics of {@code era}.
   *
   * @param implementation the cell implementation when the config does not carry it (Keras 3 does
   *     not serialize it), or null for the default 2
   * @throws ConfigException naming the layer and the offending key
   */
  public static RecurrentLayer deserialize(JsonNode layer, KerasEra era, Integer implementation) {
    String className = className(layer);
    JsonNode c = config(layer, className);
    String name = text(c, "name", className, className);
    if (className.equals("Bidirectional")) {
      return bidirectional(c, name, era, implementation);
    }
    return rnn(layer, era, implementation);
  }

  /** {@code keras.layers.Masking} from its config. */
  public static Masking masking(JsonNode layer) {
    JsonNode c = config(layer, "Masking");
    String name = text(c, "name", "masking", "Masking");
    checkKeys(c, name, union(BASE_KEYS, Set.of("mask_value")));
    return new Masking(name, c.path("mask_value").asDouble(0.0),
        DTypePolicyDeserializer.deserialize(c.get("dtype"), name).computeDtype());
  }

  /** {@code keras.layers.Embedding} from its config (weights are loaded separately). */
  public static Embedding embedding(JsonNode layer) {
    JsonNode c = config(layer, "Embedding");
    String name = text(c, "name", "embedding", "Embedding");
    checkKeys(c, name, union(BASE_KEYS, Set.of("input_dim", "output_dim",
        "embeddings_initializer", "embeddings_regularizer", "embeddings_constraint", "mask_zero",
        "input_length", "lora_rank", "sparse")));
    if (c.path("sparse").asBoolean(false)) {
      throw new ConfigException("layer '" + name + "': sparse=True is not supported");
    }
    if (c.path("lora_rank").canConvertToInt()) {
      throw new ConfigException("layer '" + name + "': lora_rank is not supported");
    }
    return new Embedding(name, positive(c, "input_dim", name), positive(c, "output_dim", name),
        c.path("mask_zero").asBoolean(false), dtype(c.get("dtype"), name));
  }

  private static int positive(JsonNode c, String key, String name) {
    JsonNode v = c.get(key);
    if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
      throw new ConfigException("layer '" + name + "': '" + key
          + "' must be a positive integer, given " + v);
    }
    return v.asInt();
  }

  /** A SimpleRNN, LSTM, GRU or RNN(cell) layer. */
  static RNN rnn(JsonNode layer, KerasEra era, Integer implementation) {
    String className = className(layer);
    JsonNode c = config(layer, className);
    String name = text(c, "name", className, className);
    switch (className) {
      case "SimpleRNN":
      case "LSTM":
      case "GRU": {
        checkKeys(c, name, union(CELL_KEYS, RNN_KEYS));
        RNNOptions<?> b = className.equals("SimpleRNN") ? SimpleRNN.builder(units(c, name))
            : className.equals("LSTM") ? LSTM.builder(units(c, name)) : GRU.builder(units(c, name));
        applyCell(b, c, name, era, implementation);
        applyRnn(b, c, name, era);
        return b.build();
      }
      case "RNN": {
        checkKeys(c, name, union(RNN_KEYS, Set.of("cell")));
        if (!c.has("cell")) {
          throw new ConfigException("layer '" + name + "': RNN config lacks 'cell'");
        }
        RNNCell cell = cell(c.get("cell"), era, implementation);
        return new RNN(cell, rnnArgs(c, name, era));
      }
      default:
        throw new ConfigException("layer '" + name + "': unsupported class '" + className
            + "'; supported: SimpleRNN, LSTM, GRU, RNN, Bidirectional");
    }
  }

  /** A built-in cell or StackedRNNCells. */
  static RNNCell cell(JsonNode cell, KerasEra era, Integer implementation) {
    String className = className(cell);
    JsonNode c = config(cell, className);
    String name = text(c, "name", className, className);
    switch (className) {
      case "SimpleRNNCell": {
        checkKeys(c, name, CELL_KEYS);
        SimpleRNNCell.Builder b = SimpleRNNCell.builder(units(c, name));
        applyCell(b, c, name, era, implementation);
        return b.build();
      }
      case "LSTMCell": {
        checkKeys(c, name, CELL_KEYS);
        LSTMCell.Builder b = LSTMCell.builder(units(c, name));
        applyCell(b, c, name, era, implementation);
        return b.build();
      }
      case "GRUCell": {
        checkKeys(c, name, CELL_KEYS);
        GRUCell.Builder b = GRUCell.builder(units(c, name));
        applyCell(b, c, name, era, implementation);
        return b.build();
      }
      case "StackedRNNCells": {
        checkKeys(c, name, union(BASE_KEYS, Set.of("cells")));
        List<RNNCell> cells = new ArrayList<>();
        for (JsonNode sub : c.path("cells")) {
          cells.add(cell(sub, era, implementation));
        }
        if (cells.isEmpty()) {
          throw new ConfigException("cell '" + name + "': StackedRNNCells needs 'cells'");
        }
        return new StackedRNNCells(cells, name);
      }
      default:
        throw new ConfigException("cell '" + name + "': unsupported cell class '" + className
            + "'; supported: SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells");
    }
  }

  private static Bidirectional bidirectional(JsonNode c, String name, KerasEra era,
      Integer implementation) {
    checkKeys(c, name, union(BASE_KEYS, Set.of("layer", "backward_layer", "merge_mode")));
    JsonNode layer = c.get("layer");
    if (layer == null || !layer.isObject()) {
      throw new ConfigException("layer '" + name + "': Bidirectional config lacks 'layer'");
    }
    RNN forward = rnn(layer, era, implementation);
    JsonNode backwardJson = c.get("backward_layer");
    if (backwardJson == null || backwardJson.isNull()) {
      ObjectNode copy = layer.deepCopy();
      ObjectNode cfg = (ObjectNode) copy.get("config");
      cfg.put("go_backwards", !cfg.path("go_backwards").asBoolean(false));
      backwardJson = copy;
    }
    RNN backward = rnn(backwardJson, era, implementation);
    JsonNode mode = c.get("merge_mode");
    try {
      return new Bidirectional(name, forward, backward, Bidirectional.MergeMode.fromKeras(
          mode == null ? "concat" : mode.isNull() ? null : mode.asText()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("layer '" + name + "': " + e.getMessage());
    }
  }

  private static void applyCell(CellOptions<?> b, JsonNode c, String name, KerasEra era,
      Integer implementation) {
    b.era(era)
        .dtype(DTypePolicyDeserializer.deserialize(c.get("dtype"), name))
        .activation(activation(c, "activation", "tanh", name))
        .recurrentActivation(activation(c, "recurrent_activation", "sigmoid", name))
        .useBias(c.path("use_bias").asBoolean(true))
        .kernelInitializer(initializer(c, "kernel_initializer", name, era))
        .recurrentInitializer(initializer(c, "recurrent_initializer", name, era))
        .biasInitializer(initializer(c, "bias_initializer", name, era))
        .dropout(c.path("dropout").asDouble(0.0))
        .recurrentDropout(c.path("recurrent_dropout").asDouble(0.0));
    Integer impl = c.has("implementation") ? Integer.valueOf(c.get("implementation").asInt())
        : implementation;
    int implOrDefault = impl == null ? 2 : impl;
    boolean unitForgetBias = c.path("unit_forget_bias").asBoolean(true);
    boolean resetAfter = c.path("reset_after").asBoolean(era == KerasEra.KERAS_3);
    if (b instanceof LSTM.Builder l) {
      l.implementation(implOrDefault).unitForgetBias(unitForgetBias);
    } else if (b instanceof LSTMCell.Builder l) {
      l.implementation(implOrDefault).unitForgetBias(unitForgetBias);
    } else if (b instanceof GRU.Builder g) {
      g.implementation(implOrDefault).resetAfter(resetAfter);
    } else if (b instanceof GRUCell.Builder g) {
      g.implementation(implOrDefault).resetAfter(resetAfter);
    }
    b.name(name);
  }

  private static Initializer initializer(JsonNode c, String key, String name, KerasEra era) {
    return InitializerDeserializer.deserialize(c.get(key), name, era);
  }

  private static void applyRnn(RNNOptions<?> b, JsonNode c, String name, KerasEra era) {
    b.name(name);
    RNNArgs args = rnnArgs(c, name, era);
    b.returnSequences(args.returnSequences())
        .returnState(args.returnState())
        .goBackwards(args.goBackwards())
        .unroll(args.unroll())
        .stateful(args.stateful())
        .zeroOutputForMask(args.zeroOutputForMask())
        .timeMajor(args.timeMajor());
  }

  private static RNNArgs rnnArgs(JsonNode c, String name, KerasEra era) {
    if (era == KerasEra.KERAS_3) {
      // Keras 3 removed time_major: a time-major layer cannot be run under Keras 3 semantics.
      refuseTrue(c, name, "time_major");
    }
    return new RNNArgs(name, c.path("return_sequences").asBoolean(false),
        c.path("return_state").asBoolean(false), c.path("go_backwards").asBoolean(false),
        c.path("stateful").asBoolean(false), c.path("unroll").asBoolean(false),
        c.path("zero_output_for_mask").asBoolean(false), c.path("time_major").asBoolean(false));
  }

  private static String className(JsonNode n) {
    return text(n, "class_name", "?", "layer");
  }

  private static JsonNode config(JsonNode n, String className) {
    JsonNode c = n.get("config");
    if (c == null || !c.isObject()) {
      throw new ConfigException("layer of class '" + className + "': missing object 'config'");
    }
    return c;
  }

  private static void refuseTrue(JsonNode c, String name, String key) {
    if (c.path(key).asBoolean(false)) {
      throw new ConfigException("layer '" + name + "': " + key + "=True is not supported");
    }
  }

  private static void checkKeys(JsonNode c, String name, Set<String> known) {
    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
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

  /**
   * A plain dtype written as a string or a DTypePolicy / Policy object; a mixed policy is refused
   * (recurrent layers and cells take the whole policy, see {@link DTypePolicyDeserializer}).
   */
  static DType dtype(JsonNode d, String name) {
    DTypePolicy p = DTypePolicyDeserializer.deserialize(d, name);
    if (p.isMixed()) {
      throw new ConfigException("layer '" + name + "': dtype policy " + p.name()
          + " is not supported here; expected a single dtype");
    }
    return p.computeDtype();
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
