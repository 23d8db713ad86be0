package dev.kerasrnn.layers.convolutional;

import dev.kerasrnn.initializers.Initializer;

/**
 * {@code keras.layers.SeparableConv2D(filters, kernel_size, strides, padding, dilation_rate,
 * depth_multiplier, activation, use_bias)}, channels_last; see {@link BaseDepthwiseConv}.
 */
public final class SeparableConv2D extends BaseDepthwiseConv {
  private SeparableConv2D(Builder b) {
    super(b, 2, b.filters);
  }

  public static Builder builder(int filters, int... kernelSize) {
    return new Builder(filters, kernelSize);
  }

  /** Options of {@link SeparableConv2D}; {@code kernelInitializer} is the depthwise initializer. */
  public static final class Builder extends BaseDepthwiseConv.Options<Builder> {
    private final int filters;

    private Builder(int filters, int[] kernelSize) {
      super("separable_conv2d", kernelSize);
      if (filters <= 0) {
        throw new IllegalArgumentException("SeparableConv2D: filters must be positive, given "
            + filters);
      }
      this.filters = filters;
    }

    /** The pointwise kernel's initializer (null keeps glorot_uniform). */
    public Builder pointwiseInitializer(Initializer v) {
      if (v != null) {
        pointwiseInitializer = v;
      }
      return this;
    }

    public SeparableConv2D build() {
      return new SeparableConv2D(this);
    }
  }
}
