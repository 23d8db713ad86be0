package dev.kerasrnn.layers.convolutional;

/**
 * {@code keras.layers.DepthwiseConv1D(kernel_size, strides, padding, depth_multiplier,
 * dilation_rate, activation, use_bias)}, channels_last; see {@link BaseDepthwiseConv}.
 */
public final class DepthwiseConv1D extends BaseDepthwiseConv {
  private DepthwiseConv1D(Builder b) {
    super(b, 1, 0);
  }

  public static Builder builder(int... kernelSize) {
    return new Builder(kernelSize);
  }

  /** Options of {@link DepthwiseConv1D}; {@code kernelInitializer} is the depthwise initializer. */
  public static final class Builder extends BaseDepthwiseConv.Options<Builder> {
    private Builder(int[] kernelSize) {
      super("depthwise_conv1d", kernelSize);
    }

    public DepthwiseConv1D build() {
      return new DepthwiseConv1D(this);
    }
  }
}
