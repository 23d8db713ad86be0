package dev.kerasrnn.layers.merging;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.tracing.Py;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** {@code keras.layers.Minimum()}: Minimum ops left to right, masked as {@link ExtremumMerge}. */
public final class Minimum extends ExtremumMerge {
  public Minimum(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  public Minimum(String name, KerasEra era) {
    this(name, DTypePolicy.FLOAT32, era);
  }

  @Override
  <T extends TFloating> Operand<T> op(Ops tf, Operand<T> a, Operand<T> b) {
    return Py.named(tf, "Minimum").math.minimum(a, b);
  }
}
