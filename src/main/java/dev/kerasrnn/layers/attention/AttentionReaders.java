package dev.kerasrnn.layers.attention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.GlorotUniform;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.initializers.Zeros;
import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/attention}: Attention, AdditiveAttention,
 * MultiHeadAttention, GroupedQueryAttention (Keras 3 only; its configs carry the exported name
 * {@code GroupQueryAttention}). tf-keras's deprecated {@code causal=True} (an old config's stand-in for
 * {@code use_causal_mask}) is refused; {@code dropout} is read (an inference no-op); regularizers,
 * constraints and seeds only matter in training. MultiHeadAttention refuses {@code attention_axes}
 * other than the default (1) and, in Keras 3, any {@code output_shape} (Keras 3.6 cannot call or
 * reload such a layer); tf-keras's {@code output_shape} must be one dimension.
 */
public final class AttentionReaders {
  private AttentionReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of(
        "Attention", c -> {
          c.keys(Set.of("use_scale", "score_mode", "dropout", "causal"));
          c.refuseTrue("causal");
          return new Attention(c.name(), c.bool("use_scale", false), c.text("score_mode", "dot"),
              dropout(c), c.dtypePolicy(), c.era());
        },
        "AdditiveAttention", c -> {
          c.keys(Set.of("use_scale", "dropout", "causal"));
          c.refuseTrue("causal");
          return new AdditiveAttention(c.name(), c.bool("use_scale", true), dropout(c),
              c.dtypePolicy(), c.era());
        },
        "MultiHeadAttention", AttentionReaders::multiHeadAttention,
        "GroupQueryAttention", AttentionReaders::groupedQueryAttention);
  }

  private static GroupedQueryAttention groupedQueryAttention(LayerConfig c) {
    if (c.era() != KerasEra.KERAS_3) {
      throw new ConfigException("layer '" + c.name() + "' (GroupQueryAttention): a Keras 3"
          + " layer in a tf-keras model; tf-keras has no GroupedQueryAttention");
    }
    c.keys(Set.of("head_dim", "num_query_heads", "num_key_value_heads", "dropout", "use_bias",
        "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
        "kernel_constraint", "bias_constraint", "seed"));
    int heads = c.positive("num_query_heads");
    int kvHeads = c.positive("num_key_value_heads");
    if (heads % kvHeads != 0) {
      throw c.error("num_query_heads", "must be divisible by num_key_value_heads (" + kvHeads
          + "), given " + heads);
    }
    return new GroupedQueryAttention(c.name(), c.positive("head_dim"), heads, kvHeads,
        dropout(c), c.bool("use_bias", true), orDefault(c.initializer("kernel_initializer"),
            new GlorotUniform()), orDefault(c.initializer("bias_initializer"), new Zeros()),
        c.dtypePolicy(), c.era());
  }

  private static MultiHeadAttention multiHeadAttention(LayerConfig c) {
    c.keys(Set.of("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape",
        "attention_axes", "kernel_initializer", "bias_initializer", "kernel_regularizer",
        "bias_regularizer", "kernel_constraint", "bias_constraint", "seed", "query_shape",
        "key_shape", "value_shape"));
    int heads = c.positive("num_heads");
    int keyDim = c.positive("key_dim");
    JsonNode vd = c.json().get("value_dim");
    int valueDim = vd == null || vd.isNull() || vd.asInt() == 0 ? keyDim : c.positive("value_dim");
    JsonNode axes = c.json().get("attention_axes");
    boolean defaultAxes = axes == null || axes.isNull()
        || axes.isInt() && (axes.asInt() == 1 || axes.asInt() == -2)
        || axes.isArray() && axes.size() == 1 && (axes.get(0).asInt() == 1
            || axes.get(0).asInt() == -2) && axes.get(0).isInt();
    if (!defaultAxes) {
      throw c.error("attention_axes", "other than the default (1, for rank-3 inputs) is not"
          + " supported, given " + axes);
    }
    JsonNode os = c.json().get("output_shape");
    long[] outputShape = null;
    if (os != null && !os.isNull()) {
      if (c.era() == KerasEra.KERAS_3) {
        throw c.error("output_shape", "is not supported in Keras 3 (Keras 3.6 adds it to the"
            + " query's shape tuple and cannot call or reload the layer), given " + os);
      }
      if (os.isInt() && os.asInt() > 0) {
        outputShape = new long[] {os.asInt()};
      } else if (os.isArray() && os.size() == 1 && os.get(0).isInt() && os.get(0).asInt() > 0) {
        outputShape = new long[] {os.get(0).asInt()};
      } else {
        throw c.error("output_shape", "must be one positive dimension, given " + os);
      }
    }
    return new MultiHeadAttention(c.name(), heads, keyDim, valueDim, c.bool("use_bias", true),
        outputShape, dropout(c), orDefault(c.initializer("kernel_initializer"),
            new GlorotUniform()), orDefault(c.initializer("bias_initializer"), new Zeros()),
        c.dtypePolicy(), c.era());
  }

  private static Initializer orDefault(Initializer i, Initializer dflt) {
    return i == null ? dflt : i;
  }

  private static double dropout(LayerConfig c) {
    double d = c.number("dropout", 0.0);
    if (!(d >= 0 && d <= 1)) {
      throw c.error("dropout", "must be in [0, 1], given " + d);
    }
    return d;
  }
}
