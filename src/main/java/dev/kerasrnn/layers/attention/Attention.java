package dev.kerasrnn.layers.attention;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Ones;
import dev.kerasrnn.layers.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Attention(use_scale, score_mode, dropout)}, Luong-style dot-product
 * attention ({@link BaseDenseAttention} for masks, causal mask, softmax and output). Scores:
 *
 * <ul>
 *   <li>{@code "dot"}: Keras 3 {@code matmul(query, transpose(key, [0, 2, 1]))} (Transpose, then
 *       BatchMatMulV2); tf-keras {@code tf.matmul(query, key, transpose_b=True)} (BatchMatMulV2
 *       with adj_y); then {@code * scale} when {@code use_scale};
 *   <li>{@code "concat"}: {@code concat_score_weight * sum(tanh([scale *] (expand_dims(query, -2)
 *       + expand_dims(key, -3))), -1)} in both eras.
 * </ul>
 *
 * Weights: {@code scale} () when {@code use_scale}, then {@code concat_score_weight} () for
 * {@code "concat"}.
 */
public final class Attention extends BaseDenseAttention {
  private final String scoreMode;
  private Variable scale;
  private Variable concatScoreWeight;

  /** @param scoreMode {@code "dot"} or {@code "concat"} */
  public Attention(String name, boolean useScale, String scoreMode, double dropout,
      DTypePolicy dtype, KerasEra era) {
    super(name, useScale, dropout, dtype, era);
    if (!scoreMode.equals("dot") && !scoreMode.equals("concat")) {
      throw new IllegalArgumentException("score_mode must be \"dot\" or \"concat\", given \""
          + scoreMode + "\"");
    }
    this.scoreMode = scoreMode;
  }

  public String scoreMode() {
    return scoreMode;
  }

  @Override
  protected void createWeights(List<long[]> inputShapes) {
    if (useScale()) {
      scale = addWeight("scale", new long[0], new Ones());
    }
    if (scoreMode.equals("concat")) {
      concatScoreWeight = addWeight("concat_score_weight", new long[0],
          new Ones());
    }
  }

  @Override
  <T extends TFloating> Operand<T> scores(Ops tf, Operand<T> query, Operand<T> key) {
    if (scoreMode.equals("dot")) {
      Operand<T> scores = era() == KerasEra.KERAS_3
          ? AttentionOps.batchMatMulV2(tf, query,
              tf.linalg.transpose(key, tf.constant(new int[] {0, 2, 1})), false)
          : AttentionOps.batchMatMulV2(tf, query, key, true);
      return scale == null ? scores : tf.math.mul(scores, scale.read(tf));
    }
    Operand<T> q = tf.expandDims(query, tf.constant(-2));
    Operand<T> k = tf.expandDims(key, tf.constant(-3));
    Operand<T> sum = tf.math.add(q, k);
    if (scale != null) {
      sum = tf.math.mul(scale.read(tf), sum);
    }
    return tf.math.mul(concatScoreWeight.read(tf), sumLast(tf, tf.math.tanh(sum)));
  }
}
