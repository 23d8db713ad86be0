package dev.kerasrnn.layers.attention;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/** The TF ops the attention layers share, as Keras's backends emit them. */
final class AttentionOps {
  private AttentionOps() {}

  /**
   * {@code tf.matmul(x, y, transpose_b=adjY)} of rank-3 tensors: the BatchMatMulV2 op (TF Java's
   * {@code batchMatMul} emits BatchMatMulV3).
   */
  static <T extends TType> Operand<T> batchMatMulV2(Ops tf, Operand<T> x, Operand<T> y,
      boolean adjY) {
    return tf.scope()
        .env()
        .opBuilder("BatchMatMulV2", tf.scope().makeOpName("BatchMatMulV2"), tf.scope())
        .addInput(x.asOutput())
        .addInput(y.asOutput())
        .setAttr("adj_x", false)
        .setAttr("adj_y", adjY)
        .build()
        .output(0);
  }

  /**
   * The causal mask (1, Tq, Tv) of scores whose {@code tf.shape} is {@code scoresShape} (batch,
   * Tq, Tv): {@code cumsum(ones, -2) >= cumsum(ones, -1)} over int32 ones.
   */
  static Operand<TBool> causalMask(Ops tf, Operand<TInt32> scoresShape) {
    Operand<TInt32> tail = tf.stridedSlice(scoresShape, tf.constant(new int[] {1}),
        tf.constant(new int[] {3}), tf.constant(new int[] {1}), StridedSlice.endMask(0L));
    Operand<TInt32> shape = tf.concat(java.util.List.of(tf.constant(new int[] {1}), tail),
        tf.constant(0));
    return lowerTriangle(tf, shape);
  }

  /** The causal mask (1, T, S) of lengths {@code t} and {@code s} (1-element int32 tensors). */
  static Operand<TBool> causalMask(Ops tf, Operand<TInt32> t, Operand<TInt32> s) {
    Operand<TInt32> shape = tf.concat(java.util.List.of(tf.constant(new int[] {1}), t, s),
        tf.constant(0));
    return lowerTriangle(tf, shape);
  }

  private static Operand<TBool> lowerTriangle(Ops tf, Operand<TInt32> shape) {
    Operand<TInt32> ones = tf.fill(shape, tf.constant(1));
    Operand<TInt32> rows = tf.math.cumsum(ones, tf.constant(-2));
    Operand<TInt32> cols = tf.math.cumsum(ones, tf.constant(-1));
    return tf.math.greaterEqual(rows, cols);
  }
}
