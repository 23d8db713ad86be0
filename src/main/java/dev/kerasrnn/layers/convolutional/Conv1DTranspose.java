package dev.kerasrnn.layers.convolutional;

/**
 * {@code keras.layers.Conv1DTranspose(filters, kernel_size, strides, padding, output_padding,
 * activation, use_bias)}, channels_last, dilation_rate 1; see {@link BaseConvTranspose}.
 */
public final class Conv1DTranspose extends BaseConvTranspose {
  private Conv1DTranspose(Builder b) {
    super(b, 1);
  }

  public static Builder builder(int filters, int... kernelSize) {
    return new Builder(filters, kernelSize);
  }

  /** Options of {@link Conv1DTranspose}. */
  public static final class Builder extends BaseConvTranspose.Options<Builder> {
    private Builder(int filters, int[] kernelSize) {
      super("conv1d_transpose", filters, kernelSize);
    }

    public Conv1DTranspose build() {
      return new Conv1DTranspose(this);
    }
  }
}
