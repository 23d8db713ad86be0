package dev.kerasrnn.layers.activations;

import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * tf-keras's {@code ThresholdedReLU(theta)} (Keras 3 has none): {@code x * cast(x > theta)}
 * (Greater, Cast, Mul), theta a float32 value.
 */
public final class ThresholdedReLU extends ActivationLayer {
  private final double theta;

  public ThresholdedReLU(String name, double theta, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    this.theta = (float) nonNegative(name, "theta", theta);
  }

  public double theta() {
    return theta;
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x, Operand<TBool> mask) {
    return tf.math.mul(x, tf.dtypes.cast(tf.math.greater(x, scalarLike(tf, theta, x)),
        x.type()));
  }
}
