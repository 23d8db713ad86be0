package dev.kerasrnn.ops;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TType;

/**
 * The few op builders that TF Java's {@link Ops} lacks or names differently from the ops Keras
 * emits. Each mirrors one TF Python call so that graphs carry the same op types as Keras's.
 */
public final class KOps {
  private KOps() {}

  /** {@code tf.add} / Python {@code +}: the AddV2 op (TF Java's {@code tf.math.add} emits Add). */
  public static <T extends TType> Operand<T> addV2(Ops tf, Operand<T> x, Operand<T> y) {
    return tf.scope()
        .env()
        .opBuilder("AddV2", tf.scope().makeOpName("AddV2"), tf.scope())
        .addInput(x.asOutput())
        .addInput(y.asOutput())
        .build()
        .output(0);
  }

  /** A scalar constant of {@code x}'s dtype, as Python {@code tf.constant(v, dtype=x.dtype)}. */
  @SuppressWarnings("unchecked")
  public static <T extends TType> Operand<T> scalarLike(Ops tf, double v, Operand<T> x) {
    Class<T> type = x.type();
    if (type == TFloat32.class) {
      return (Operand<T>) tf.constant((float) v);
    }
    if (type == TFloat64.class) {
      return (Operand<T>) tf.constant(v);
    }
    throw new IllegalArgumentException("unsupported dtype " + type.getSimpleName());
  }
}
