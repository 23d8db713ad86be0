package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;

/**
 * A layer that is the identity at inference (the dropout and noise layers): the input (cast to
 * the compute dtype) and its mask pass through. tf-keras's dropout layers emit one Identity op
 * ({@code smart_cond} on {@code training=False}); Keras 3 and GaussianNoise emit none.
 */
abstract class InferenceIdentity extends CoreLayer {
  InferenceIdentity(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  /** Whether tf-keras emits an Identity op for this layer at inference. */
  abstract boolean tfKerasIdentity();

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return List.of(inputShapes.get(0).clone());
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireInputs(inputs, 1, 1);
    Operand<?> x = input(tf, inputs, 0);
    if (tfKerasIdentity() && era() == KerasEra.KERAS_2) {
      x = tf.identity(x);
    }
    return Outputs.of(x, firstMask(masks));
  }

  static double checkRate(String name, double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("layer '" + name + "': rate must be in [0, 1), given "
          + rate);
    }
    return rate;
  }
}
