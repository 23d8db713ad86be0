package dev.kerasrnn.layers.convolutional;

/**
 * {@code keras.layers.Conv3D(filters, kernel_size, strides, padding, dilation_rate,
 * activation, use_bias)}, channels_last, groups 1; see {@link BaseConv}.
 */
public final class Conv3D extends BaseConv {
  private Conv3D(Builder b) {
    super(b, 3);
  }

  public static Builder builder(int filters, int... kernelSize) {
    return new Builder(filters, kernelSize);
  }

  /** Options of {@link Conv3D}. */
  public static final class Builder extends BaseConv.Options<Builder> {
    private Builder(int filters, int[] kernelSize) {
      super("conv3d", filters, kernelSize);
    }

    public Conv3D build() {
      return new Conv3D(this);
    }
  }
}
