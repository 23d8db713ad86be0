package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * A weightless layer that only moves data (Flatten, Reshape, RepeatVector, Permute): its ops
 * cannot change any bit, and like Keras it drops the mask.
 */
abstract class ShapeLayer extends CoreLayer {
  ShapeLayer(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  /** The output for a float input. */
  abstract <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x);

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireInputs(inputs, 1, 1);
    return Outputs.of(apply(tf, input(tf, inputs, 0)));
  }
}
