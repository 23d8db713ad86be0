package dev.kerasrnn.layers.activations;

import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.tracing.Py;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.ELU(alpha)}: the Elu op, and for {@code alpha != 1} {@code where(x > 0,
 * elu, alpha * elu)} (Greater, Mul, SelectV2), in both eras. Keras 3's ELU does not save its
 * alpha (its config never has it, so a reloaded Keras 3 ELU has alpha 1); tf-keras's does, as a
 * float32 value.
 */
public final class ELU extends ActivationLayer {
  private final double alpha;

  public ELU(String name, double alpha, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (!Double.isFinite(alpha)) {
      throw new IllegalArgumentException("layer '" + name + "': alpha must be finite, given "
          + alpha);
    }
    this.alpha = era == KerasEra.KERAS_2 ? (float) alpha : alpha;
  }

  public double alpha() {
    return alpha;
  }

  /** Keras 3's {@code predict()} ops are rebuilt for alpha 1 (the only alpha it saves). */
  @Override
  boolean traced(Operand<TBool> mask) {
    return alpha == 1;
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x, Operand<TBool> mask) {
    Operand<T> res = Py.named(tf, "Elu").nn.elu(x);
    if (alpha == 1) {
      return res;
    }
    Operand<TBool> positive = tf.math.greater(x, scalarLike(tf, 0.0, x));
    return tf.select(positive, res, tf.math.mul(scalarLike(tf, alpha, x), res));
  }
}
