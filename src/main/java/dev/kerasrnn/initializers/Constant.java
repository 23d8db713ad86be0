package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.EagerSessions;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.StatelessRandom.Scalar;
import java.util.Objects;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Every element equal to a scalar; {@code keras.initializers.Constant}. The eras convert a float
 * value differently: Keras 3 computes {@code Mul(Cast(float32(value), dtype), ones)}, so a float64
 * weight gets the float32-rounded value; tf-keras makes {@code tf.constant(value, dtype)}, rounded
 * once to the dtype. An integer value converts exactly in both.
 */
public final class Constant implements Initializer {
  private final Scalar value;
  private final KerasEra era;

  /** Keras 3's {@code Constant(value)} for a Python float. */
  public Constant(double value) {
    this(Scalar.ofDouble(value), KerasEra.KERAS_3);
  }

  /** Value as Python gave it ({@link Integer}/{@link Long}: int, {@link Double}: float). */
  public Constant(Number value, KerasEra era) {
    this(Scalar.of(value), era);
  }

  private Constant(Scalar value, KerasEra era) {
    this.value = value;
    this.era = Objects.requireNonNull(era, "era");
  }

  public double value() {
    return value.value();
  }

  public KerasEra era() {
    return era;
  }

  @Override
  public HostArray generate(DType dtype, long... shape) {
    try (EagerSession session = EagerSessions.open()) {
      Ops tf = Ops.create(session);
      Operand<TFloating> out = build(tf, dtype, shape);
      return HostArray.fromTensor(out.asTensor());
    }
  }

  /** The op sequence of the era (see the class comment). */
  public <T extends TFloating> Operand<T> build(Ops tf, DType dtype, long[] shape) {
    Class<T> type = dtype.tfType();
    if (era == KerasEra.KERAS_3) {
      Operand<T> ones = tf.ones(StatelessRandom.shapeOf(tf, shape), type);
      return tf.math.mul(value.<T>viaCast(tf, dtype), ones);
    }
    return tf.fill(StatelessRandom.shapeOf(tf, shape), value.<T>direct(tf, dtype));
  }
}
