package dev.kerasrnn.layers.core;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.initializers.RandomUniform;
import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/** Config readers of {@code keras/src/layers/core}: Dense, Embedding, Masking. */
public final class CoreReaders {
  private static final Set<String> KERNEL = Set.of("activation", "use_bias",
      "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
      "kernel_constraint", "bias_constraint", "lora_rank");

  private CoreReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of("Dense", CoreReaders::dense, "Embedding", CoreReaders::embedding,
        "Masking", CoreReaders::masking);
  }

  static Dense dense(LayerConfig c) {
    c.keys(KERNEL, Set.of("units"));
    c.refuseSet("lora_rank");
    return Dense.builder(c.positive("units")).name(c.name()).dtype(c.dtypePolicy()).era(c.era())
        .activation(c.activation("activation")).useBias(c.bool("use_bias", true))
        .kernelInitializer(c.initializer("kernel_initializer"))
        .biasInitializer(c.initializer("bias_initializer")).build();
  }

  static Embedding embedding(LayerConfig c) {
    c.keys(Set.of("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
        "embeddings_constraint", "mask_zero", "input_length", "lora_rank", "sparse"));
    if (c.json().path("sparse").asBoolean(false)) {
      throw new ConfigException("layer '" + c.name() + "': sparse=True is not supported");
    }
    if (c.json().path("lora_rank").canConvertToInt()) {
      throw new ConfigException("layer '" + c.name() + "': lora_rank is not supported");
    }
    return new Embedding(c.name(), c.positive("input_dim"), c.positive("output_dim"),
        c.json().path("mask_zero").asBoolean(false), c.dtype(), new RandomUniform(), c.era());
  }

  static Masking masking(LayerConfig c) {
    c.keys(Set.of("mask_value"));
    return new Masking(c.name(), c.number("mask_value", 0.0), c.dtypePolicy().computeDtype());
  }
}
