package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.EagerSessions;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.initializers.StatelessRandom.Scalar;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * {@code gain} times the (possibly rectangular) identity matrix;
 * {@code keras.initializers.Identity}. Both eras compute {@code Mul(gain, eye(rows, cols))}, so
 * off-diagonal entries are {@code gain * 0} (-0.0 for a negative gain).
 */
public final class Identity implements Initializer {
  private final Scalar gain;

  public Identity() {
    this(1.0);
  }

  /** Gain as Python gave it ({@link Integer}/{@link Long}: int, {@link Double}: float). */
  public Identity(Number gain) {
    this.gain = Scalar.of(gain);
  }

  public double gain() {
    return gain.value();
  }

  @Override
  public HostArray generate(DType dtype, long... shape) {
    if (shape.length != 2) {
      throw new IllegalArgumentException(
          "identity initializer needs a 2D shape, given rank " + shape.length);
    }
    try (EagerSession session = EagerSessions.open()) {
      Ops tf = Ops.create(session);
      Operand<TFloating> out = build(tf, dtype, shape);
      return HostArray.fromTensor(out.asTensor());
    }
  }

  /** {@code Mul(gain, MatrixSetDiagV3(zeros, ones(min(rows, cols)), k=0))}. */
  public <T extends TFloating> Operand<T> build(Ops tf, DType dtype, long[] shape) {
    Class<T> type = dtype.tfType();
    long n = Math.min(shape[0], shape[1]);
    Operand<T> zeros = tf.zeros(StatelessRandom.shapeOf(tf, shape), type);
    Operand<T> ones = tf.ones(StatelessRandom.shapeOf(tf, new long[] {n}), type);
    Operand<T> eye = tf.linalg.matrixSetDiag(zeros, ones, tf.constant(0));
    return tf.math.mul(gain.<T>direct(tf, dtype), eye);
  }
}
