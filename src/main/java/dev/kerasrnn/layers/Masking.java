package dev.kerasrnn.layers;

import static dev.kerasrnn.ops.KOps.scalarLike;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Any;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Masks the time steps whose features all equal {@code maskValue}; {@code keras.layers.Masking}.
 * As Keras: {@code keep = any(x != mask_value, axis=-1, keepdims=True)}, output {@code x *
 * cast(keep)} (so masked steps become zeros, keeping the sign of -0.0 products), mask {@code keep}
 * without its last axis.
 */
public final class Masking {
  private final String name;
  private final double maskValue;

  public Masking(double maskValue) {
    this("masking", maskValue);
  }

  public Masking(String name, double maskValue) {
    this.name = name;
    this.maskValue = maskValue;
  }

  public String name() {
    return name;
  }

  public double maskValue() {
    return maskValue;
  }

  /** {@code layer(x)} with the mask it computes. */
  public <T extends TFloating> MaskedOutput<T> call(Ops tf, Operand<T> x) {
    Operand<TBool> differs = tf.math.notEqual(x, scalarLike(tf, maskValue, x));
    Operand<TBool> keep = tf.any(differs, tf.constant(-1), Any.keepDims(true));
    Operand<T> out = tf.math.mul(x, tf.dtypes.cast(keep, x.type()));
    return new MaskedOutput<>(out, tf.squeeze(keep, Squeeze.axis(-1L)));
  }
}
