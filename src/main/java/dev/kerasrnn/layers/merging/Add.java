package dev.kerasrnn.layers.merging;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.BackendOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/** {@code keras.layers.Add()}: {@code ((x0 + x1) + x2) ...} as AddV2 ops, in both eras. */
public final class Add extends Merge {
  public Add(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  public Add(String name, KerasEra era) {
    this(name, DTypePolicy.FLOAT32, era);
  }

  @Override
  <T extends TFloating> Operand<T> merge(Ops tf, List<Operand<T>> xs, List<Operand<TBool>> masks) {
    return sum(tf, xs);
  }

  static <T extends TFloating> Operand<T> sum(Ops tf, List<Operand<T>> xs) {
    Operand<T> out = xs.get(0);
    for (int i = 1; i < xs.size(); i++) {
      out = BackendOps.add(tf, out, xs.get(i));
    }
    return out;
  }
}
