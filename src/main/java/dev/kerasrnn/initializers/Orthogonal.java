package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.StatelessRandom.Scalar;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.Qr;
import org.tensorflow.types.family.TFloating;

/**
 * A (semi-)orthogonal matrix times {@code gain}; {@code keras.initializers.Orthogonal}
 * ({@code OrthogonalInitializer} in Keras 3). The op sequence of both eras:
 *
 * <pre>
 * a = stateless_normal((max(rows, cols), min(rows, cols)), seed)   // * 1.0 + 0.0
 * q, r = Qr(a, full_matrices=False)
 * q = Mul(q, Sign(diag_part(r)))     // MatrixDiagPartV3 in Keras 3, DiagPart in tf-keras
 * q = Transpose(q, [1, 0])           // only if rows &lt; cols
 * Mul(gain, Reshape(q, shape))
 * </pre>
 *
 * with rows the product of all but the last dimension.
 */
public final class Orthogonal extends RandomInitializer {
  private final Scalar gain;

  /** Unseeded, gain 1: a fresh seed per instance, as Keras draws one at construction. */
  public Orthogonal() {
    this(Scalar.ofDouble(1.0), null, KerasEra.KERAS_3);
  }

  /** Unseeded with the given gain. */
  public Orthogonal(double gain) {
    this(Scalar.ofDouble(gain), null, KerasEra.KERAS_3);
  }

  /** Seeded, reproducing Keras 3. */
  public Orthogonal(double gain, int seed) {
    this(Scalar.ofDouble(gain), Long.valueOf(seed), KerasEra.KERAS_3);
  }

  /**
   * Gain as Python gave it ({@link Integer}/{@link Long}: int, {@link Double}: float); seed null
   * means unseeded.
   */
  public Orthogonal(Number gain, Long seed, KerasEra era) {
    this(Scalar.of(gain), seed, era);
  }

  private Orthogonal(Scalar gain, Long seed, KerasEra era) {
    super(seed, era);
    this.gain = gain;
  }

  public double gain() {
    return gain.value();
  }

  @Override
  public <T extends TFloating> Operand<T> build(Ops tf, DType dtype, long[] shape) {
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "orthogonal initializer needs a shape of rank >= 2, given rank " + shape.length);
    }
    long rows = 1;
    for (int i = 0; i < shape.length - 1; i++) {
      rows *= shape[i];
    }
    long cols = shape[shape.length - 1];
    long[] flat = {Math.max(rows, cols), Math.min(rows, cols)};
    Operand<T> a = StatelessRandom.normal(tf, dtype, flat, Scalar.ofDouble(0.0),
        Scalar.ofDouble(1.0), seed(), era());
    Qr<T> qr = tf.linalg.qr(a, Qr.fullMatrices(false));
    Operand<T> d;
    if (era() == KerasEra.KERAS_3) {
      d = tf.linalg.matrixDiagPartV3(qr.r(), tf.constant(0),
          StatelessRandom.<T>constant(tf, 0.0, dtype));
    } else {
      d = tf.linalg.tensorDiagPart(qr.r());
    }
    Operand<T> q = tf.math.mul(qr.q(), tf.math.sign(d));
    if (rows < cols) {
      q = tf.linalg.transpose(q, tf.constant(new int[] {1, 0}));
    }
    Operand<T> reshaped = tf.reshape(q, StatelessRandom.shapeOf(tf, shape));
    return tf.math.mul(gain.<T>direct(tf, dtype), reshaped);
  }
}
