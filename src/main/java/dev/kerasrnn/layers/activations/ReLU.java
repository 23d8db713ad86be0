package dev.kerasrnn.layers.activations;

import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.ReLU(max_value, negative_slope, threshold)}: Keras 3's {@code
 * activations.relu} and tf-keras's {@code backend.relu} build the same ops: LeakyRelu alone when
 * only {@code negative_slope} is set; otherwise the negative part {@code relu(-x [+ threshold])},
 * then {@code x * cast(x > threshold)} (threshold set), Relu6 ({@code max_value == 6}) or Relu,
 * then Minimum/Maximum ({@code clip_by_value(x, 0, max_value)}), then {@code x - slope *
 * negative_part}. tf-keras's constants are float32 values ({@code cast_to_floatx}); Keras 3 adds
 * the threshold and multiplies the slope as Python floats (converted to the input's dtype) and
 * casts the compared threshold and the clip bounds from float32 ({@code ops.cast} of a Python
 * float). Keras 3's {@code predict()} ops are rebuilt.
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
  boolean traced(Operand<TBool> mask) {
    return true;
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x, Operand<TBool> mask) {
    return relu(tf, x, negativeSlope, maxValue, threshold, era());
  }

  /** The shared op sequence of both eras' relu (see the class comment). */
  static <T extends TFloating> Operand<T> relu(Ops tf, Operand<T> x, double slope, Double max,
      double threshold, KerasEra era) {
    boolean keras3 = era == KerasEra.KERAS_3;
    // The values the Python floats take: float32 in tf-keras, as given in Keras 3.
    double s = keras3 ? slope : (float) slope;
    double th = keras3 ? threshold : (float) threshold;
    Operand<T> negativePart = null;
    if (s != 0.0) {
      if (max == null && th == 0) {
        return Py.named(tf, "LeakyRelu").nn.leakyRelu(x, LeakyRelu.alpha((float) s));
      }
      Operand<T> neg = Py.named(tf, "Neg").math.neg(x);
      if (th != 0) {
        Py.OpScope add = Py.op(tf, "add");
        neg = Py.addV2(add.op(), neg, scalarLike(add.inner().withName("y"), th, x));
      }
      negativePart = Py.named(tf, "Relu").nn.relu(neg);
    }
    boolean clip = max != null;
    Operand<T> y;
    if (th != 0) {
      Operand<T> t = cast(tf, (float) th, x);
      Operand<TBool> above = Py.named(tf, "Greater").math.greater(x, t);
      Operand<T> keep = Py.op(tf, "Cast").op().dtypes.cast(above, x.type());
      y = Py.mul(tf, x, keep);
    } else if (max != null && (float) (double) max == 6f) {
      y = Py.named(tf, "Relu6").nn.relu6(x);
      clip = false;
    } else {
      y = Py.named(tf, "Relu").nn.relu(x);
    }
    if (clip) {
      Operand<T> zero = cast(tf, 0f, x);
      Operand<T> top = cast(tf, (float) (double) max, x);
      Py.OpScope c = Py.op(tf, "clip_by_value");
      Operand<T> low = Py.named(c.inner(), "Minimum").math.minimum(y, top);
      y = c.op().math.maximum(low, zero);
    }
    if (s != 0.0) {
      Py.OpScope mul = Py.op(tf, "mul");
      Operand<T> scaled = mul.op().math.mul(scalarLike(mul.inner().withName("x"), s, x),
          negativePart);
      y = Py.sub(tf, y, scaled);
    }
    return y;
  }

  /**
   * {@code ops.cast(v, x.dtype)} of a Python float: a float32 constant {@code Cast/x}, then a
   * Cast when the dtype differs (tf-keras's {@code _constant_to_tensor} gives the same value).
   */
  private static <T extends TFloating> Operand<T> cast(Ops tf, float v, Operand<T> x) {
    Py.OpScope cast = Py.op(tf, "Cast");
    Operand<TFloat32> c = PyConst.filled(cast.inner().withName("x"), v, new long[0],
        TFloat32.class);
    return KOps.castTo(cast.op(), c, DType.of(x.type()));
  }
}
