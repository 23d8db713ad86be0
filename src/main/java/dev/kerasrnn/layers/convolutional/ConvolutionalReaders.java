package dev.kerasrnn.layers.convolutional;

import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/** Config readers of {@code keras/src/layers/convolutional}: Conv1D, Conv2D, Conv3D. */
public final class ConvolutionalReaders {
  private static final Set<String> KERNEL = Set.of("activation", "use_bias",
      "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
      "kernel_constraint", "bias_constraint", "lora_rank");

  private ConvolutionalReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of("Conv1D", ConvolutionalReaders::conv1d, "Conv2D", c -> convNd(c, 2),
        "Conv3D", c -> convNd(c, 3));
  }

  /** Conv2D, Conv3D: channels_last, groups 1, padding valid or same. */
  static BaseConv convNd(LayerConfig c, int rank) {
    c.keys(KERNEL, Set.of("filters", "kernel_size", "strides", "padding", "data_format",
        "dilation_rate", "groups"));
    c.channelsLast();
    c.refuseSet("lora_rank");
    if (c.has("groups") && c.json().get("groups").asInt() != 1) {
      throw c.error("groups", "only 1 is supported, given " + c.json().get("groups"));
    }
    String padding = c.text("padding", "valid").toLowerCase(java.util.Locale.ROOT);
    if (!padding.equals("valid") && !padding.equals("same")) {
      throw c.error("padding", "must be valid or same, given " + c.json().get("padding"));
    }
    int filters = c.positive("filters");
    int[] kernel = c.tuple("kernel_size", rank, null);
    int[] strides = c.tuple("strides", rank, 1);
    int[] dilation = c.tuple("dilation_rate", rank, 1);
    try {
      BaseConv.Options<?> b = rank == 2 ? Conv2D.builder(filters, kernel)
          : Conv3D.builder(filters, kernel);
      b.strides(strides).same(padding.equals("same")).dilationRate(dilation)
          .activation(c.activation("activation")).useBias(c.bool("use_bias", true))
          .kernelInitializer(c.initializer("kernel_initializer"))
          .biasInitializer(c.initializer("bias_initializer")).dtype(c.dtypePolicy()).era(c.era())
          .name(c.name());
      return b instanceof Conv2D.Builder b2 ? b2.build() : ((Conv3D.Builder) b).build();
    } catch (IllegalArgumentException e) {
      throw new dev.kerasrnn.core.ConfigException("layer '" + c.name() + "': " + e.getMessage());
    }
  }

  static Conv1D conv1d(LayerConfig c) {
    c.keys(KERNEL, Set.of("filters", "kernel_size", "strides", "padding", "data_format",
        "dilation_rate", "groups"));
    c.channelsLast();
    c.refuseSet("lora_rank");
    if (c.has("groups") && c.json().get("groups").asInt() != 1) {
      throw c.error("groups", "only 1 is supported, given " + c.json().get("groups"));
    }
    Conv1D.Padding padding;
    try {
      padding = Conv1D.Padding.fromKeras(c.text("padding", "valid"));
    } catch (IllegalArgumentException e) {
      throw c.error("padding", "must be valid, same or causal, given " + c.json().get("padding"));
    }
    return Conv1D.builder(c.positive("filters"), c.single("kernel_size", null)).name(c.name())
        .strides(c.single("strides", 1)).padding(padding)
        .dilationRate(c.single("dilation_rate", 1)).activation(c.activation("activation"))
        .useBias(c.bool("use_bias", true)).kernelInitializer(c.initializer("kernel_initializer"))
        .biasInitializer(c.initializer("bias_initializer")).dtype(c.dtypePolicy()).era(c.era())
        .build();
  }
}
