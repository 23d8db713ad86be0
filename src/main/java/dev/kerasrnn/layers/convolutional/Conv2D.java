package dev.kerasrnn.layers.convolutional;

/**
 * {@code keras.layers.Conv2D(filters, kernel_size, strides, padding, dilation_rate,
 * activation, use_bias)}, channels_last, groups 1; see {@link BaseConv}.
 */
public final class Conv2D extends BaseConv {
  private Conv2D(Builder b) {
    super(b, 2);
  }

  public static Builder builder(int filters, int... kernelSize) {
    return new Builder(filters, kernelSize);
  }

  /** Options of {@link Conv2D}. */
  public static final class Builder extends BaseConv.Options<Builder> {
    private Builder(int filters, int[] kernelSize) {
      super("conv2d", filters, kernelSize);
    }

    public Conv2D build() {
      return new Conv2D(this);
    }
  }
}
