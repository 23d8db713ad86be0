package dev.kerasrnn.layers.activations;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.tracing.Py;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.LeakyReLU(negative_slope)} (tf-keras: {@code alpha}): Keras 3 always emits
 * one LeakyRelu op; tf-keras goes through {@code backend.relu}, so a slope of 0 is a plain Relu
 * there (LeakyRelu with alpha 0 gives -0.0 for negative inputs, Relu +0.0).
 */
public final class LeakyReLU extends ActivationLayer {
  private final double negativeSlope;

  public LeakyReLU(String name, double negativeSlope, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    this.negativeSlope = nonNegative(name, "negative_slope", negativeSlope);
  }

  public double negativeSlope() {
    return negativeSlope;
  }

  @Override
  boolean traced(Operand<TBool> mask) {
    return true;
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x, Operand<TBool> mask) {
    if (era() == KerasEra.KERAS_2) {
      return ReLU.relu(tf, x, negativeSlope, null, 0.0, era());
    }
    return Py.named(tf, "LeakyRelu").nn.leakyRelu(x, LeakyRelu.alpha((float) negativeSlope));
  }
}
