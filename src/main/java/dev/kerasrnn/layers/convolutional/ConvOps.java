package dev.kerasrnn.layers.convolutional;

import dev.kerasrnn.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.types.family.TFloating;

/**
 * {@code tf.nn.convolution} in channels_last layout for 1, 2 or 3 spatial dimensions, as both
 * Keras eras reach it ({@code ops.conv} in Keras 3, {@code backend.conv1d/2d/3d} in tf-keras):
 *
 * <ul>
 *   <li>no dilation: rank 1 {@code conv1d} (ExpandDims(x, -3), ExpandDims(kernel, 0), Conv2D,
 *       Squeeze(-3)); rank 2 Conv2D (NHWC); rank 3 Conv3D (NDHWC);
 *   <li>any dilation > 1 ({@code _WithSpaceToBatch}): SpaceToBatchND (block = the dilations,
 *       SAME's base paddings plus end padding to a multiple of the block), the undilated VALID
 *       convolution above, BatchToSpaceND cropping the end padding. Needs static spatial sizes.
 * </ul>
 *
 * Not for predict() traces (no TF Python names).
 */
public final class ConvOps {
  private ConvOps() {}

  /**
   * @param x [batch, spatial..., channels]
   * @param kernel spatial... + [in, out]
   * @param same padding SAME (else VALID)
   */
  public static <T extends TFloating> Operand<T> convolution(Ops tf, String layer, Operand<T> x,
      Operand<T> kernel, int[] strides, boolean same, int[] dilations) {
    long[] s = x.shape().numDimensions() < 0 ? null : x.shape().asArray();
    return convolution(tf, layer, x, kernel, strides, same, dilations,
        s == null ? null : java.util.Arrays.copyOfRange(s, 1, 1 + strides.length));
  }

  /**
   * As above with the input's static spatial sizes given (a while loop's step input has no
   * static shape).
   */
  public static <T extends TFloating> Operand<T> convolution(Ops tf, String layer, Operand<T> x,
      Operand<T> kernel, int[] strides, boolean same, int[] dilations, long[] spatial) {
    int rank = strides.length;
    boolean dilated = false;
    for (int d : dilations) {
      dilated |= d != 1;
    }
    if (!dilated) {
      return undilated(tf, x, kernel, strides, same ? "SAME" : "VALID");
    }
    long[] k = kernel.shape().asArray();
    int[] ones = new int[rank];
    java.util.Arrays.fill(ones, 1);
    return withSpaceToBatch(tf, layer, x, k, same, dilations, spatial,
        b -> undilated(tf, b, kernel, ones, "VALID"));
  }

  /**
   * TF's {@code _WithSpaceToBatch} for a dilated op: SpaceToBatchND (block = the dilations,
   * SAME's base paddings from the kernel's spatial sizes plus end padding to a multiple of the
   * block), {@code valid} (the op with VALID padding, no dilation), BatchToSpaceND cropping the
   * end padding. Needs the input's static spatial sizes.
   *
   * @param kernel the kernel's shape, spatial sizes first
   */
  static <T extends TFloating> Operand<T> withSpaceToBatch(Ops tf, String layer, Operand<T> x,
      long[] kernel, boolean same, int[] dilations, long[] spatial,
      java.util.function.UnaryOperator<Operand<T>> valid) {
    int rank = dilations.length;
    int[] block = new int[rank];
    int[][] paddings = new int[rank][2];
    int[][] crops = new int[rank][2];
    for (int i = 0; i < rank; i++) {
      long length = spatial == null ? -1 : spatial[i];
      if (length < 0) {
        throw new InvalidInputException(layer, "static spatial dimensions for dilation_rate > 1",
            "unknown");
      }
      int start = 0;
      int end = 0;
      if (same) {
        int extra = dilations[i] * (int) (kernel[i] - 1);
        start = extra / 2;
        end = extra - start;
      }
      int full = Math.toIntExact(length) + start + end;
      int endExtra = (dilations[i] - full % dilations[i]) % dilations[i];
      block[i] = dilations[i];
      paddings[i] = new int[] {start, end + endExtra};
      crops[i] = new int[] {0, endExtra};
    }
    Operand<T> batched = tf.spaceToBatchNd(x, tf.constant(block), tf.constant(paddings));
    Operand<T> y = valid.apply(batched);
    return tf.batchToSpaceNd(y, tf.constant(block), tf.constant(crops));
  }

  private static <T extends TFloating> Operand<T> undilated(Ops tf, Operand<T> x,
      Operand<T> kernel, int[] strides, String pad) {
    switch (strides.length) {
      case 1: {
        Operand<T> x4 = tf.expandDims(x, tf.constant(-3));
        Operand<T> k4 = tf.expandDims(kernel, tf.constant(0));
        Operand<T> y = tf.nn.conv2d(x4, k4, List.of(1L, 1L, (long) strides[0], 1L), pad,
            Conv2d.dataFormat("NHWC"), Conv2d.dilations(List.of(1L, 1L, 1L, 1L)));
        return tf.squeeze(y, Squeeze.axis(List.of(-3L)));
      }
      case 2:
        return tf.nn.conv2d(x, kernel, full(strides), pad, Conv2d.dataFormat("NHWC"),
            Conv2d.dilations(List.of(1L, 1L, 1L, 1L)));
      case 3:
        return tf.nn.conv3d(x, kernel, full(strides), pad, Conv3d.dataFormat("NDHWC"),
            Conv3d.dilations(List.of(1L, 1L, 1L, 1L, 1L)));
      default:
        throw new IllegalArgumentException("convolution of rank " + strides.length);
    }
  }

  /** {@code [1, s..., 1]}. */
  private static List<Long> full(int[] s) {
    List<Long> out = new ArrayList<>();
    out.add(1L);
    for (int v : s) {
      out.add((long) v);
    }
    out.add(1L);
    return out;
  }

  /**
   * Keras 3's {@code outputs += ops.reshape(bias, (1, ..., channels))}: Reshape and AddV2 in a
   * graph. Eagerly the bias broadcasts as it is (the same sums): TF's eager op-as-function cache
   * can reuse a Reshape traced for a shape constant differing only in its last entry.
   */
  static <T extends TFloating> Operand<T> keras3Bias(Ops tf, Operand<T> y, Operand<T> bias,
      int outRank) {
    if (dev.kerasrnn.ops.FlatGraph.graphOf(tf) == null) {
      return dev.kerasrnn.tracing.Py.add(tf, y, bias);
    }
    int[] shape = new int[outRank];
    java.util.Arrays.fill(shape, 1);
    shape[shape.length - 1] = (int) bias.shape().size(0);
    return dev.kerasrnn.tracing.Py.add(tf, y, tf.reshape(bias,
        dev.kerasrnn.tracing.PyConst.vector(tf, shape)));
  }

  /** Keras's {@code conv_output_length} (valid or same), -1 when unknown. */
  public static long outputLength(long length, int kernel, boolean same, int stride,
      int dilation) {
    if (length < 0) {
      return -1;
    }
    long span = (long) dilation * (kernel - 1) + 1;
    long n = same ? length : length - span + 1;
    return n <= 0 ? 0 : (n + stride - 1) / stride;
  }
}
