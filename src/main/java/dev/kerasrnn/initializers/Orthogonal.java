package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.Qr;
import org.tensorflow.types.family.TFloating;

/**
 * A (semi-)orthogonal matrix times {@code gain}; {@code keras.initializers.Orthogonal}: QR of a
 * standard normal matrix, columns signed by diag(R), transposed when rows &lt; columns.
 */
public final class Orthogonal implements Initializer {
  private final double gain;
  private final int seed;

  /** Unseeded, gain 1: a fresh seed per instance, as Keras draws one at construction. */
  public Orthogonal() {
    this(1.0, StatelessRandom.newSeed());
  }

  /** Unseeded with the given gain. */
  public Orthogonal(double gain) {
    this(gain, StatelessRandom.newSeed());
  }

  public Orthogonal(double gain, int seed) {
    this.gain = gain;
    this.seed = seed;
  }

  @Override
  public HostArray generate(DType dtype, long... shape) {
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
    try (EagerSession session = EagerSession.create()) {
      Ops tf = Ops.create(session);
      Class<TFloating> type = dtype.tfType();
      HostArray normal = StatelessRandom.normal(tf, dtype, flat, seed);
      Operand<TFloating> a;
      try (TFloating t = normal.toTensor()) {
        a = tf.constantOf(t);
      }
      Qr<TFloating> qr = tf.linalg.qr(a);
      Operand<TFloating> d = tf.linalg.tensorDiagPart(qr.r());
      Operand<TFloating> q = tf.math.mul(qr.q(), tf.math.sign(d));
      if (rows < cols) {
        q = tf.linalg.transpose(q, tf.constant(new int[] {1, 0}));
      }
      Operand<TFloating> out =
          tf.reshape(tf.math.mul(tf.dtypes.cast(tf.constant(gain), type), q), tf.constant(shape));
      return HostArray.fromTensor(out.asTensor());
    }
  }
}
