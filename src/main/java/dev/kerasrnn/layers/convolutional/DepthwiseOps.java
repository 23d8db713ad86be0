package dev.kerasrnn.layers.convolutional;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.family.TFloating;

/**
 * {@code tf.nn.depthwise_conv2d} and {@code tf.nn.separable_conv2d} in NHWC, as both Keras eras
 * reach them (the 1-D layers first expand to a height of 1):
 *
 * <ul>
 *   <li>depthwise: DepthwiseConv2dNative with the given strides, or with any dilation > 1
 *       ({@code with_space_to_batch}): SpaceToBatchND, DepthwiseConv2dNative (VALID, the same
 *       strides), BatchToSpaceND; see {@link ConvOps#withSpaceToBatch};
 *   <li>separable: that depthwise result, then Conv2D with the (1, 1, in * dm, filters)
 *       pointwise kernel, strides 1, VALID.
 * </ul>
 */
final class DepthwiseOps {
  private DepthwiseOps() {}

  /**
   * @param x [batch, h, w, in] with static h, w when dilated
   * @param kernel (kh, kw, in, depth_multiplier)
   * @param strides the 4 strides TF is given ({@code [1, sh, sw, 1]})
   * @param dilations (dh, dw)
   * @param spatial the input's static (h, w), -1 where unknown (needed when dilated)
   */
  static <T extends TFloating> Operand<T> depthwise(Ops tf, String layer, Operand<T> x,
      Operand<T> kernel, List<Long> strides, boolean same, int[] dilations, long[] spatial) {
    if (dilations[0] == 1 && dilations[1] == 1) {
      return native2d(tf, x, kernel, strides, same ? "SAME" : "VALID");
    }
    return ConvOps.withSpaceToBatch(tf, layer, x, kernel.shape().asArray(), same, dilations,
        spatial, b -> native2d(tf, b, kernel, strides, "VALID"));
  }

  /** {@link #depthwise}, then the pointwise Conv2D (strides 1, VALID). */
  static <T extends TFloating> Operand<T> separable(Ops tf, String layer, Operand<T> x,
      Operand<T> depthwiseKernel, Operand<T> pointwiseKernel, List<Long> strides, boolean same,
      int[] dilations, long[] spatial) {
    Operand<T> d = depthwise(tf, layer, x, depthwiseKernel, strides, same, dilations, spatial);
    return tf.nn.conv2d(d, pointwiseKernel, List.of(1L, 1L, 1L, 1L), "VALID",
        Conv2d.dataFormat("NHWC"), Conv2d.dilations(List.of(1L, 1L, 1L, 1L)));
  }

  private static <T extends TFloating> Operand<T> native2d(Ops tf, Operand<T> x,
      Operand<T> kernel, List<Long> strides, String pad) {
    return tf.nn.depthwiseConv2dNative(x, kernel, strides, pad,
        DepthwiseConv2dNative.dataFormat("NHWC"),
        DepthwiseConv2dNative.dilations(List.of(1L, 1L, 1L, 1L)));
  }
}
