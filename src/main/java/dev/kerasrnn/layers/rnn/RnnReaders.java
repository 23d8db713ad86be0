package dev.kerasrnn.layers.rnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/rnn}: SimpleRNN, LSTM, GRU, RNN over any built-in
 * cell or StackedRNNCells, Bidirectional, TimeDistributed. A recurrent layer alone (not in a
 * model) comes from {@link #recurrent}.
 */
public final class RnnReaders {
  private static final Set<String> CELL_KEYS = Set.of("units", "activation",
      "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
      "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
      "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
      "recurrent_dropout", "seed", "implementation", "unit_forget_bias", "reset_after");
  private static final Set<String> RNN_KEYS = Set.of("return_sequences", "return_state",
      "go_backwards", "stateful", "unroll", "zero_output_for_mask", "time_major", "use_cudnn");
  /** The classes whose model layer is a {@link RecurrentAdapter}. */
  public static final Set<String> RECURRENT = Set.of("SimpleRNN", "LSTM", "GRU", "RNN",
      "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D");
  private static final Set<String> CONV_KEYS = Set.of("filters", "kernel_size", "strides",
      "padding", "data_format", "dilation_rate");

  private RnnReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    LayerReader recurrent = c -> new RecurrentAdapter(recurrentLayer(c), c.className());
    return Map.of("SimpleRNN", recurrent, "LSTM", recurrent, "GRU", recurrent, "RNN", recurrent,
        "Bidirectional", recurrent, "TimeDistributed", RnnReaders::timeDistributed,
        "ConvLSTM1D", recurrent, "ConvLSTM2D", recurrent, "ConvLSTM3D", recurrent);
  }

  /**
   * The recurrent layer described by {@code layer} ({@code {"class_name", "config"}} as {@code
   * layer.get_config()} or a model file writes it) under {@code era}'s semantics; {@code
   * keras.layers.deserialize} for SimpleRNN, LSTM, GRU, RNN and Bidirectional.
   *
   * @param implementation the cell implementation when the config does not carry it (Keras 3 does
   *     not serialize it), or null for the default 2
   * @throws ConfigException naming the layer and the offending key
   */
  public static RecurrentLayer recurrent(JsonNode layer, KerasEra era, Integer implementation) {
    String className = className(layer);
    return recurrentLayer(LayerConfig.of(className, layer.get("config"), era, implementation,
        (inner, e, i) -> {
          throw new ConfigException("layer '" + className + "': no nested layers here");
        }));
  }

  /**
   * The cell described by {@code cell} ({@code {"class_name", "config"}} as {@code
   * cell.get_config()} gives it) under {@code era}'s semantics, not built; {@code
   * keras.layers.deserialize} for SimpleRNNCell, LSTMCell, GRUCell and StackedRNNCells.
   *
   * @param implementation as for {@link #recurrent}
   * @throws ConfigException naming the cell and the offending key
   */
  public static RNNCell cell(JsonNode cell, KerasEra era, Integer implementation) {
    String className = className(cell);
    LayerConfig parent = LayerConfig.of(className, cell == null ? null : cell.get("config"), era,
        implementation, (inner, e, i) -> {
          throw new ConfigException("cell '" + className + "': no nested layers here");
        });
    return cell(parent, cell);
  }

  static RecurrentLayer recurrentLayer(LayerConfig c) {
    return c.className().equals("Bidirectional") ? bidirectional(c) : rnn(c);
  }

  /**
   * TimeDistributed over any layer of the library, except those it cannot run as Keras does
   * under TimeDistributed: mask-making layers (Masking, Embedding: tf-keras takes their masks
   * from the inner {@code compute_mask}), a stateful inner layer (tf-keras loops with {@code
   * backend.rnn} then) and, in Keras 3 (which calls the inner {@code call} on the input as
   * TimeDistributed cast it), an inner dtype policy other than the wrapper's.
   */
  private static TimeDistributed timeDistributed(LayerConfig c) {
    c.keys(Set.of("layer"));
    JsonNode inner = c.json().get("layer");
    String cls = inner == null ? "?" : inner.path("class_name").asText("?");
    JsonNode innerConfig = inner == null ? null : inner.get("config");
    if (cls.equals("Masking") || cls.equals("Embedding")) {
      throw c.error("layer", "holds a " + cls + " layer; TimeDistributed over a layer that makes"
          + " masks is not supported");
    }
    if (innerConfig != null && innerConfig.path("stateful").asBoolean(false)) {
      throw c.error("layer", "holds a stateful " + cls + " layer; TimeDistributed over a"
          + " stateful layer is not supported");
    }
    DTypePolicy policy = c.dtypePolicy();
    if (c.era() == KerasEra.KERAS_3 && innerConfig != null && innerConfig.isObject()) {
      DTypePolicy innerPolicy = c.with(cls, innerConfig).dtypePolicy();
      if (!innerPolicy.name().equals(policy.name())) {
        throw c.error("layer", "holds a " + cls + " layer with dtype policy "
            + innerPolicy.name() + " under a TimeDistributed of " + policy.name() + "; Keras 3"
            + " calls the inner layer without casting its input, which is not supported");
      }
    }
    return new TimeDistributed(c.name(), c.layer("layer"), policy, c.era());
  }

  /** A SimpleRNN, LSTM, GRU or RNN(cell) layer. */
  static RNN rnn(LayerConfig c) {
    switch (c.className()) {
      case "ConvLSTM1D":
        return convLstm(c, 1);
      case "ConvLSTM2D":
        return convLstm(c, 2);
      case "ConvLSTM3D":
        return convLstm(c, 3);
      case "SimpleRNN":
      case "LSTM":
      case "GRU": {
        c.keys(CELL_KEYS, RNN_KEYS);
        int units = c.positive("units");
        RNNOptions<?> b = c.className().equals("SimpleRNN") ? SimpleRNN.builder(units)
            : c.className().equals("LSTM") ? LSTM.builder(units) : GRU.builder(units);
        applyCell(b, c);
        applyRnn(b, c);
        return b.build();
      }
      case "RNN": {
        c.keys(RNN_KEYS, Set.of("cell"));
        if (!c.has("cell")) {
          throw new ConfigException("layer '" + c.name() + "': RNN config lacks 'cell'");
        }
        return new RNN(cell(c, c.json().get("cell")), rnnArgs(c));
      }
      default:
        throw new ConfigException("layer '" + c.name() + "': unsupported class '"
            + c.className() + "'; supported: SimpleRNN, LSTM, GRU, RNN, Bidirectional");
    }
  }

  /** A built-in cell or StackedRNNCells. */
  static RNNCell cell(LayerConfig parent, JsonNode cell) {
    LayerConfig c = parent.with(className(cell), cell.get("config"));
    switch (c.className()) {
      case "SimpleRNNCell": {
        c.keys(CELL_KEYS);
        SimpleRNNCell.Builder b = SimpleRNNCell.builder(c.positive("units"));
        applyCell(b, c);
        return b.build();
      }
      case "LSTMCell": {
        c.keys(CELL_KEYS);
        LSTMCell.Builder b = LSTMCell.builder(c.positive("units"));
        applyCell(b, c);
        return b.build();
      }
      case "GRUCell": {
        c.keys(CELL_KEYS);
        GRUCell.Builder b = GRUCell.builder(c.positive("units"));
        applyCell(b, c);
        return b.build();
      }
      case "StackedRNNCells": {
        c.keys(Set.of("cells"));
        List<RNNCell> cells = new ArrayList<>();
        for (JsonNode sub : c.json().path("cells")) {
          cells.add(cell(c, sub));
        }
        if (cells.isEmpty()) {
          throw new ConfigException("cell '" + c.name() + "': StackedRNNCells needs 'cells'");
        }
        return new StackedRNNCells(cells, c.name());
      }
      default:
        throw new ConfigException("cell '" + c.name() + "': unsupported cell class '"
            + c.className() + "'; supported: SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells");
    }
  }

  /** ConvLSTM1D/2D/3D: channels_first in tf-keras only, no unroll refusal (Keras 3 accepts it; tf-keras cannot). */
  private static ConvLSTM convLstm(LayerConfig c, int rank) {
    c.keys(CELL_KEYS, RNN_KEYS, CONV_KEYS);
    String dataFormat = c.text("data_format", "channels_last");
    if (!dataFormat.equals("channels_last") && !dataFormat.equals("channels_first")) {
      throw c.error("data_format", "must be channels_last or channels_first, given "
          + c.json().get("data_format"));
    }
    if (dataFormat.equals("channels_first") && c.era() != KerasEra.KERAS_2) {
      throw c.error("data_format", "channels_first is not supported for Keras 3 ConvLSTM layers:"
          + " Keras 3 itself cannot run ConvLSTM1D/2D channels_first on a CPU (TensorFlow's CPU"
          + " Conv2D has no NCHW kernel) and runs ConvLSTM3D's through XLA, whose bits this"
          + " library does not reproduce");
    }
    for (String key : new String[] {"implementation", "reset_after", "units", "use_cudnn"}) {
      if (c.has(key)) {
        throw c.error(key, "is not a ConvLSTM option");
      }
    }
    if (c.json().path("time_major").asBoolean(false)) {
      throw c.error("time_major", "True is not supported for ConvLSTM");
    }
    String padding = c.text("padding", "valid").toLowerCase(java.util.Locale.ROOT);
    if (!padding.equals("valid") && !padding.equals("same")) {
      throw c.error("padding", "must be valid or same, given " + c.json().get("padding"));
    }
    ConvLSTMCell.Builder b;
    try {
      b = ConvLSTMCell.builder(c.positive("filters"), c.tuple("kernel_size", rank, null))
          .strides(c.tuple("strides", rank, 1)).same(padding.equals("same"))
          .dilationRate(c.tuple("dilation_rate", rank, 1))
          .channelsFirst(dataFormat.equals("channels_first"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("layer '" + c.name() + "': " + e.getMessage());
    }
    applyCell(b, c);
    b.recurrentActivation(c.activationName("recurrent_activation",
        c.era() == KerasEra.KERAS_2 ? "hard_sigmoid" : "sigmoid"));
    b.unitForgetBias(c.json().path("unit_forget_bias").asBoolean(true));
    b.name("conv_lstm_cell");
    RNNArgs args = rnnArgs(c);
    try {
      ConvLSTMCell cell = b.build();
      return rank == 1 ? new ConvLSTM1D(cell, args)
          : rank == 2 ? new ConvLSTM2D(cell, args) : new ConvLSTM3D(cell, args);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("layer '" + c.name() + "': " + e.getMessage());
    }
  }

  private static Bidirectional bidirectional(LayerConfig c) {
    c.keys(Set.of("layer", "backward_layer", "merge_mode"));
    JsonNode layer = c.json().get("layer");
    if (layer == null || !layer.isObject()) {
      throw new ConfigException("layer '" + c.name() + "': Bidirectional config lacks 'layer'");
    }
    RNN forward = rnn(c.with(className(layer), layer.get("config")));
    JsonNode backwardJson = c.json().get("backward_layer");
    if (backwardJson == null || backwardJson.isNull()) {
      ObjectNode copy = layer.deepCopy();
      ObjectNode cfg = (ObjectNode) copy.get("config");
      cfg.put("go_backwards", !cfg.path("go_backwards").asBoolean(false));
      backwardJson = copy;
    }
    RNN backward = rnn(c.with(className(backwardJson), backwardJson.get("config")));
    JsonNode mode = c.json().get("merge_mode");
    try {
      return new Bidirectional(c.name(), forward, backward, Bidirectional.MergeMode.fromKeras(
          mode == null ? "concat" : mode.isNull() ? null : mode.asText()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("layer '" + c.name() + "': " + e.getMessage());
    }
  }

  private static void applyCell(CellOptions<?> b, LayerConfig c) {
    JsonNode j = c.json();
    b.era(c.era())
        .dtype(c.dtypePolicy())
        .activation(c.activationName("activation", "tanh"))
        .recurrentActivation(c.activationName("recurrent_activation", "sigmoid"))
        .useBias(j.path("use_bias").asBoolean(true))
        .kernelInitializer(c.initializer("kernel_initializer"))
        .recurrentInitializer(c.initializer("recurrent_initializer"))
        .biasInitializer(c.initializer("bias_initializer"))
        .dropout(j.path("dropout").asDouble(0.0))
        .recurrentDropout(j.path("recurrent_dropout").asDouble(0.0));
    Integer impl = j.has("implementation") ? Integer.valueOf(j.get("implementation").asInt())
        : c.implementation();
    int implOrDefault = impl == null ? 2 : impl;
    boolean unitForgetBias = j.path("unit_forget_bias").asBoolean(true);
    boolean resetAfter = j.path("reset_after").asBoolean(c.era() == KerasEra.KERAS_3);
    if (b instanceof LSTM.Builder l) {
      l.implementation(implOrDefault).unitForgetBias(unitForgetBias);
    } else if (b instanceof LSTMCell.Builder l) {
      l.implementation(implOrDefault).unitForgetBias(unitForgetBias);
    } else if (b instanceof GRU.Builder g) {
      g.implementation(implOrDefault).resetAfter(resetAfter);
    } else if (b instanceof GRUCell.Builder g) {
      g.implementation(implOrDefault).resetAfter(resetAfter);
    }
    b.name(c.name());
  }

  private static void applyRnn(RNNOptions<?> b, LayerConfig c) {
    b.name(c.name());
    RNNArgs args = rnnArgs(c);
    b.returnSequences(args.returnSequences())
        .returnState(args.returnState())
        .goBackwards(args.goBackwards())
        .unroll(args.unroll())
        .stateful(args.stateful())
        .zeroOutputForMask(args.zeroOutputForMask())
        .timeMajor(args.timeMajor());
  }

  private static RNNArgs rnnArgs(LayerConfig c) {
    if (c.era() == KerasEra.KERAS_3) {
      // Keras 3 removed time_major: a time-major layer cannot be run under Keras 3 semantics.
      if (c.json().path("time_major").asBoolean(false)) {
        throw new ConfigException("layer '" + c.name() + "': time_major=True is not supported");
      }
    }
    JsonNode j = c.json();
    return new RNNArgs(c.name(), j.path("return_sequences").asBoolean(false),
        j.path("return_state").asBoolean(false), j.path("go_backwards").asBoolean(false),
        j.path("stateful").asBoolean(false), j.path("unroll").asBoolean(false),
        j.path("zero_output_for_mask").asBoolean(false), j.path("time_major").asBoolean(false));
  }

  private static String className(JsonNode n) {
    JsonNode v = n == null ? null : n.get("class_name");
    if (v == null || v.isNull()) {
      return "?";
    }
    if (!v.isTextual()) {
      throw new ConfigException("layer: 'class_name' must be a string, given " + v);
    }
    return v.asText();
  }
}
