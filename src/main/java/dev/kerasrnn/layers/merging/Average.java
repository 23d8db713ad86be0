package dev.kerasrnn.layers.merging;

import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Average()}: the AddV2 sum of {@link Add}, then RealDiv by the number of
 * inputs, in both eras.
 */
public final class Average extends Merge {
  public Average(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  public Average(String name, KerasEra era) {
    this(name, DTypePolicy.FLOAT32, era);
  }

  @Override
  <T extends TFloating> Operand<T> merge(Ops tf, List<Operand<T>> xs, List<Operand<TBool>> masks) {
    Operand<T> sum = Add.sum(tf, xs);
    return tf.math.realDiv(sum, scalarLike(tf, xs.size(), sum));
  }
}
