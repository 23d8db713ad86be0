package dev.kerasrnn.layers.convolutional;

/**
 * {@code keras.layers.Conv2DTranspose(filters, kernel_size, strides, padding, output_padding,
 * activation, use_bias)}, channels_last, dilation_rate 1; see {@link BaseConvTranspose}.
 */
public final class Conv2DTranspose extends BaseConvTranspose {
  private Conv2DTranspose(Builder b) {
    super(b, 2);
  }

  public static Builder builder(int filters, int... kernelSize) {
    return new Builder(filters, kernelSize);
  }

  /** Options of {@link Conv2DTranspose}. */
  public static final class Builder extends BaseConvTranspose.Options<Builder> {
    private Builder(int filters, int[] kernelSize) {
      super("conv2d_transpose", filters, kernelSize);
    }

    public Conv2DTranspose build() {
      return new Conv2DTranspose(this);
    }
  }
}
