package dev.kerasrnn.layers.merging;


import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
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
    // Python's output / len(inputs): RealDiv in the truediv scope, the divisor truediv/y.
    Py.OpScope div = Py.op(tf, "truediv");
    return div.op().math.realDiv(sum, KOps.scalarLike(div.inner().withName("y"), xs.size(), sum));
  }
}
