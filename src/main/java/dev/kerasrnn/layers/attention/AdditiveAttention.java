package dev.kerasrnn.layers.attention;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Ones;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.ops.KOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.AdditiveAttention(use_scale, dropout)}, Bahdanau-style attention ({@link
 * BaseDenseAttention} for masks, causal mask, softmax and output). Scores, both eras: {@code
 * sum(scale * tanh(expand_dims(query, -2) + expand_dims(key, -3)), -1)}, {@code scale} the weight
 * (dim) when {@code use_scale}, else the Python float 1.0. Weight: {@code scale} (dim; Keras 3
 * takes dim from the query, tf-keras from the value, which must agree).
 */
public final class AdditiveAttention extends BaseDenseAttention {
  private Variable scale;

  public AdditiveAttention(String name, boolean useScale, double dropout, DTypePolicy dtype,
      KerasEra era) {
    super(name, useScale, dropout, dtype, era);
  }

  @Override
  boolean needsValueDim() {
    return true;
  }

  @Override
  protected void createWeights(List<long[]> inputShapes) {
    if (useScale()) {
      long[] s = inputShapes.get(era() == KerasEra.KERAS_3 ? 0 : 1);
      scale = addWeight("scale", new long[] {s[2]}, new Ones());
    }
  }

  @Override
  <T extends TFloating> Operand<T> scores(Ops tf, Operand<T> query, Operand<T> key) {
    Operand<T> q = tf.expandDims(query, tf.constant(-2));
    Operand<T> k = tf.expandDims(key, tf.constant(-3));
    Operand<T> t = tf.math.tanh(tf.math.add(q, k));
    Operand<T> s = scale == null ? KOps.scalarLike(tf, 1.0, t) : scale.read(tf);
    return sumLast(tf, tf.math.mul(s, t));
  }
}
