package dev.kerasrnn.layers.activations;

import static dev.kerasrnn.ops.KOps.addV2;
import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.ReLU(max_value, negative_slope, threshold)}: Keras 3's {@code
 * activations.relu} and tf-keras's {@code backend.relu} build the same ops: LeakyRelu alone when
 * only {@code negative_slope} is set; otherwise the negative part {@code relu(-x [+ threshold])},
 * then {@code x * cast(x > threshold)} (threshold set), Relu6 ({@code max_value == 6}) or Relu,
 * then Minimum/Maximum ({@code clip_by_value(x, 0, max_value)}), then {@code x - slope *
 * negative_part}. The constants are float32 values (tf-keras's {@code cast_to_floatx}).
 */
public final class ReLU extends ActivationLayer {
  private final Double maxValue;
  private final double negativeSlope;
  private final double threshold;

  public ReLU(String name, Double maxValue, double negativeSlope, double threshold,
      DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (maxValue != null) {
      nonNegative(name, "max_value", maxValue);
    }
    this.maxValue = maxValue;
    this.negativeSlope = nonNegative(name, "negative_slope", negativeSlope);
    this.threshold = nonNegative(name, "threshold", threshold);
  }

  public Double maxValue() {
    return maxValue;
  }

  public double negativeSlope() {
    return negativeSlope;
  }

  public double threshold() {
    return threshold;
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x, Operand<TBool> mask) {
    return relu(tf, x, negativeSlope, maxValue, threshold);
  }

  /** The shared op sequence of both eras' relu (see the class comment). */
  static <T extends TFloating> Operand<T> relu(Ops tf, Operand<T> x, double slope, Double max,
      double threshold) {
    // tf-keras casts the arguments to float32 (cast_to_floatx); Keras 3 converts its Python
    // floats to float32 constants: either way float32 values.
    double s = (float) slope;
    double th = (float) threshold;
    Operand<T> negativePart = null;
    if (s != 0.0) {
      if (max == null && th == 0) {
        return tf.nn.leakyRelu(x, LeakyRelu.alpha((float) s));
      }
      negativePart = th != 0 ? tf.nn.relu(addV2(tf, tf.math.neg(x), scalarLike(tf, th, x)))
          : tf.nn.relu(tf.math.neg(x));
    }
    boolean clip = max != null;
    Operand<T> y;
    if (th != 0) {
      y = tf.math.mul(x, tf.dtypes.cast(tf.math.greater(x, scalarLike(tf, th, x)), x.type()));
    } else if (max != null && (float) (double) max == 6f) {
      y = tf.nn.relu6(x);
      clip = false;
    } else {
      y = tf.nn.relu(x);
    }
    if (clip) {
      Operand<T> zero = scalarLike(tf, 0.0, x);
      Operand<T> top = scalarLike(tf, (float) (double) max, x);
      y = tf.math.maximum(tf.math.minimum(y, top), zero);
    }
    if (s != 0.0) {
      y = tf.math.sub(y, tf.math.mul(scalarLike(tf, s, x), negativePart));
    }
    return y;
  }
}
