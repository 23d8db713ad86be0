package dev.kerasrnn.layers.convolutional;

import dev.kerasrnn.saving.LayerConfig;
import dev.kerasrnn.saving.LayerReader;
import java.util.Map;
import java.util.Set;

/**
 * Config readers of {@code keras/src/layers/convolutional}: Conv1D, Conv2D, Conv3D,
 * DepthwiseConv1D/2D, SeparableConv1D/2D, Conv1DTranspose, Conv2DTranspose.
 */
public final class ConvolutionalReaders {
  private static final Set<String> KERNEL = Set.of("activation", "use_bias",
      "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
      "kernel_constraint", "bias_constraint", "lora_rank");

  /** Both eras run a grouped convolution under XLA on CPU ({@code jit_compile=True}). */
  private static final String GROUPS = "only 1 is supported (Keras runs grouped convolutions"
      + " under XLA on CPU, which is not rebuilt), given ";

  private ConvolutionalReaders() {}

  /** The readers by Keras class name. */
  public static Map<String, LayerReader> readers() {
    return Map.of("Conv1D", ConvolutionalReaders::conv1d, "Conv2D", c -> convNd(c, 2),
        "Conv3D", c -> convNd(c, 3), "DepthwiseConv1D", c -> depthwise(c, 1, false),
        "DepthwiseConv2D", c -> depthwise(c, 2, false),
        "SeparableConv1D", c -> depthwise(c, 1, true),
        "SeparableConv2D", c -> depthwise(c, 2, true),
        "Conv1DTranspose", c -> transpose(c, 1), "Conv2DTranspose", c -> transpose(c, 2));
  }

  /**
   * Conv1DTranspose, Conv2DTranspose: channels_last, padding valid or same, dilation_rate 1
   * (TF's CPU kernel refuses more, which Keras 3 and tf-keras's Conv1DTranspose pass to it) or
   * tf-keras Conv2DTranspose's equal dilations (its atrous route), groups 1, output_padding null
   * or below strides.
   */
  static BaseConvTranspose transpose(LayerConfig c, int rank) {
    c.keys(KERNEL, Set.of("filters", "kernel_size", "strides", "padding", "data_format",
        "dilation_rate", "groups", "output_padding"));
    c.channelsLast();
    c.refuseSet("lora_rank");
    if (c.has("groups") && c.json().get("groups").asInt() != 1) {
      throw c.error("groups", GROUPS + c.json().get("groups"));
    }
    String padding = c.text("padding", "valid").toLowerCase(java.util.Locale.ROOT);
    if (!padding.equals("valid") && !padding.equals("same")) {
      throw c.error("padding", "must be valid or same, given " + c.json().get("padding"));
    }
    int[] dilation = c.tuple("dilation_rate", rank, 1);
    boolean atrous = c.era() == dev.kerasrnn.core.KerasEra.KERAS_2 && rank == 2
        && dilation[0] == dilation[1];
    if (java.util.Arrays.stream(dilation).anyMatch(d -> d != 1) && !atrous) {
      throw c.error("dilation_rate", "only 1 is supported"
          + (rank == 2 ? " (or equal ones in tf-keras)" : "") + ", given "
          + c.json().get("dilation_rate"));
    }
    int filters = c.positive("filters");
    int[] kernel = c.tuple("kernel_size", rank, null);
    int[] outputPadding = null;
    if (c.has("output_padding") && !c.json().get("output_padding").isNull()) {
      outputPadding = c.ints("output_padding");
      if (outputPadding.length == 1 && c.json().get("output_padding").isIntegralNumber()) {
        int p = outputPadding[0];
        outputPadding = new int[rank];
        java.util.Arrays.fill(outputPadding, p);
      }
    }
    try {
      BaseConvTranspose.Options<?> b = rank == 1 ? Conv1DTranspose.builder(filters, kernel)
          : Conv2DTranspose.builder(filters, kernel);
      b.strides(c.tuple("strides", rank, 1)).same(padding.equals("same"))
          .outputPadding(outputPadding).dilationRate(dilation)
          .activation(c.activation("activation"))
          .useBias(c.bool("use_bias", true))
          .kernelInitializer(c.initializer("kernel_initializer"))
          .biasInitializer(c.initializer("bias_initializer")).dtype(c.dtypePolicy()).era(c.era())
          .name(c.name());
      return b instanceof Conv1DTranspose.Builder b1 ? b1.build()
          : ((Conv2DTranspose.Builder) b).build();
    } catch (IllegalArgumentException e) {
      throw new dev.kerasrnn.core.ConfigException("layer '" + c.name() + "': " + e.getMessage());
    }
  }

  private static final Set<String> DEPTHWISE = Set.of("depth_multiplier", "kernel_size",
      "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias",
      "depthwise_initializer", "bias_initializer", "depthwise_regularizer", "bias_regularizer",
      "depthwise_constraint", "bias_constraint");
  private static final Set<String> POINTWISE = Set.of("filters", "pointwise_initializer",
      "pointwise_regularizer", "pointwise_constraint", "kernel_initializer",
      "kernel_regularizer", "kernel_constraint");

  /**
   * DepthwiseConv1D/2D, SeparableConv1D/2D: channels_last, padding valid or same, or causal for
   * tf-keras's SeparableConv1D (Keras 3 and the depthwise layers pass it to TF, which fails),
   * groups 1. tf-keras's separable configs also carry the
   * unused {@code kernel_*} entries of its Conv base.
   */
  static BaseDepthwiseConv depthwise(LayerConfig c, int rank, boolean separable) {
    if (separable) {
      c.keys(DEPTHWISE, POINTWISE);
    } else {
      c.keys(DEPTHWISE);
    }
    c.channelsLast();
    if (c.has("groups") && c.json().get("groups").asInt() != 1) {
      throw c.error("groups", GROUPS + c.json().get("groups"));
    }
    String padding = c.text("padding", "valid").toLowerCase(java.util.Locale.ROOT);
    boolean causal = padding.equals("causal") && separable && rank == 1
        && c.era() == dev.kerasrnn.core.KerasEra.KERAS_2;
    if (!padding.equals("valid") && !padding.equals("same") && !causal) {
      throw c.error("padding", "must be valid or same"
          + (separable && rank == 1 ? " (or causal in tf-keras)" : "") + ", given "
          + c.json().get("padding"));
    }
    int[] kernel = c.tuple("kernel_size", rank, null);
    int multiplier = c.has("depth_multiplier") ? c.positive("depth_multiplier") : 1;
    try {
      BaseDepthwiseConv.Options<?> b;
      if (separable) {
        int filters = c.positive("filters");
        if (rank == 1) {
          b = SeparableConv1D.builder(filters, kernel)
              .pointwiseInitializer(c.initializer("pointwise_initializer"));
        } else {
          b = SeparableConv2D.builder(filters, kernel)
              .pointwiseInitializer(c.initializer("pointwise_initializer"));
        }
      } else {
        b = rank == 1 ? DepthwiseConv1D.builder(kernel) : DepthwiseConv2D.builder(kernel);
      }
      b.depthMultiplier(multiplier).strides(c.tuple("strides", rank, 1))
          .same(padding.equals("same")).causal(causal)
          .dilationRate(c.tuple("dilation_rate", rank, 1))
          .activation(c.activation("activation")).useBias(c.bool("use_bias", true))
          .kernelInitializer(c.initializer("depthwise_initializer"))
          .biasInitializer(c.initializer("bias_initializer")).dtype(c.dtypePolicy()).era(c.era())
          .name(c.name());
      if (b instanceof DepthwiseConv1D.Builder d) {
        return d.build();
      }
      if (b instanceof DepthwiseConv2D.Builder d) {
        return d.build();
      }
      if (b instanceof SeparableConv1D.Builder d) {
        return d.build();
      }
      return ((SeparableConv2D.Builder) b).build();
    } catch (IllegalArgumentException e) {
      throw new dev.kerasrnn.core.ConfigException("layer '" + c.name() + "': " + e.getMessage());
    }
  }

  /** Conv2D, Conv3D: channels_last, groups 1, padding valid or same. */
  static BaseConv convNd(LayerConfig c, int rank) {
    c.keys(KERNEL, Set.of("filters", "kernel_size", "strides", "padding", "data_format",
        "dilation_rate", "groups"));
    c.channelsLast();
    c.refuseSet("lora_rank");
    if (c.has("groups") && c.json().get("groups").asInt() != 1) {
      throw c.error("groups", GROUPS + c.json().get("groups"));
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
      throw c.error("groups", GROUPS + c.json().get("groups"));
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
