package dev.kerasrnn.layers.convolutional;

/**
 * {@code keras.layers.DepthwiseConv2D(kernel_size, strides, padding, depth_multiplier,
 * dilation_rate, activation, use_bias)}, channels_last; see {@link BaseDepthwiseConv}.
 */
public final class DepthwiseConv2D extends BaseDepthwiseConv {
  private DepthwiseConv2D(Builder b) {
    super(b, 2, 0);
  }

  public static Builder builder(int... kernelSize) {
    return new Builder(kernelSize);
  }

  /** Options of {@link DepthwiseConv2D}; {@code kernelInitializer} is the depthwise initializer. */
  public static final class Builder extends BaseDepthwiseConv.Options<Builder> {
    private Builder(int[] kernelSize) {
      super("depthwise_conv2d", kernelSize);
    }

    public DepthwiseConv2D build() {
      return new DepthwiseConv2D(this);
    }
  }
}
