package dev.kerasrnn.layers.convolutional;

import dev.kerasrnn.layers.ProjectionOptions;
import java.util.Arrays;

/**
 * The arguments every convolution layer takes, named as Keras's: {@code kernel_size}, {@code
 * strides}, {@code padding} "same" or "valid" (the default) and {@code dilation_rate} (ones when
 * not given).
 *
 * @param <B> the concrete builder, for chaining
 */
abstract class WindowOptions<B extends WindowOptions<B>> extends ProjectionOptions<B> {
  final int[] kernelSize;
  int[] strides;
  boolean same;
  int[] dilationRate;

  WindowOptions(String defaultName, int[] kernelSize) {
    super(defaultName);
    this.kernelSize = kernelSize.clone();
  }

  public B strides(int... v) {
    strides = v == null ? null : v.clone();
    return self();
  }

  /** padding "same" (true) or "valid" (false, the default). */
  public B same(boolean v) {
    same = v;
    return self();
  }

  public B dilationRate(int... v) {
    dilationRate = v == null ? null : v.clone();
    return self();
  }

  /** kernel_size, checked: {@code rank} positive integers. */
  int[] checkedKernelSize(int rank) {
    return positive(name(), "kernel_size", kernelSize, rank);
  }

  /** strides, checked; ones when not given. */
  int[] checkedStrides(int rank) {
    return positive(name(), "strides", strides == null ? ones(rank) : strides, rank);
  }

  /** dilation_rate, checked; ones when not given. */
  int[] checkedDilationRate(int rank) {
    return positive(name(), "dilation_rate", dilationRate == null ? ones(rank) : dilationRate,
        rank);
  }

  static int[] ones(int n) {
    int[] o = new int[n];
    Arrays.fill(o, 1);
    return o;
  }

  /** {@code v} if it holds {@code rank} positive integers. */
  static int[] positive(String layer, String what, int[] v, int rank) {
    if (v == null || v.length != rank || Arrays.stream(v).anyMatch(x -> x <= 0)) {
      throw new IllegalArgumentException("layer '" + layer + "': " + what + " must be " + rank
          + " positive integers, given " + Arrays.toString(v));
    }
    return v.clone();
  }
}
