package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.KerasEra;
import java.security.SecureRandom;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.StatelessRandomGetKeyCounter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TNumber;

/**
 * The random draws of Keras's TensorFlow backend, op for op (traced from Keras 3.6.0 and tf-keras
 * 2.18.0 with {@code tf.function}):
 *
 * <pre>
 * key, counter = StatelessRandomGetKeyCounter(seed_pair)
 * uniform:   AddV2(Mul(StatelessRandomUniformV2(shape, key, counter, alg=3), Sub(max, min)), min)
 * normal:    AddV2(Mul(StatelessRandomNormalV2(...), stddev), mean)
 * truncated: AddV2(Mul(StatelessTruncatedNormalV2(...), stddev), mean)
 * </pre>
 *
 * <p>The eras differ in two places. The seed pair: Keras 3 makes {@code [seed, 0]} int64 and
 * takes {@code Cast<int32>(FloorMod(pair, 2^31 - 2))}; tf-keras passes the Python list
 * {@code [seed, 0]}, which becomes int32, or int64 when the seed does not fit. The uniform bounds:
 * Keras 3 passes {@code tf.cast(minval, dtype)}, which first makes a Python float a float32
 * constant and then casts it, so a float64 draw has float32-rounded bounds; tf-keras converts the
 * bounds straight to the dtype. {@code mean} and {@code stddev} go straight to the dtype in both.
 */
final class StatelessRandom {
  /** {@code alg="auto_select"}: Philox on CPU, key/counter from StatelessRandomGetKeyCounter. */
  private static final int AUTO_SELECT = 3;
  /** Keras 3's {@code tf.int32.max - 1}. */
  private static final long KERAS3_SEED_MODULUS = Integer.MAX_VALUE - 1L;
  private static final SecureRandom SEEDS = new SecureRandom();

  private StatelessRandom() {}

  /** A seed as Keras draws one when none is given: {@code random.randint(1, int(1e9))}. */
  static long newSeed() {
    return 1 + SEEDS.nextInt(1_000_000_000);
  }

  /** The seed pair Keras feeds to StatelessRandomGetKeyCounter for an integer seed. */
  static Operand<? extends TNumber> seedPair(Ops tf, long seed, KerasEra era) {
    if (era == KerasEra.KERAS_3) {
      // Cast(FloorMod([seed, 0] int64, 2147483646), int32): computed here, the same value.
      return tf.constant(new int[] {(int) Math.floorMod(seed, KERAS3_SEED_MODULUS), 0});
    }
    if (seed >= Integer.MIN_VALUE && seed <= Integer.MAX_VALUE) {
      return tf.constant(new int[] {(int) seed, 0});
    }
    return tf.constant(new long[] {seed, 0L});
  }

  /** {@code tf.random.stateless_uniform(shape, seed, minval, maxval, dtype)} as Keras calls it. */
  static <T extends TFloating> Operand<T> uniform(Ops tf, DType dtype, long[] shape, Scalar minval,
      Scalar maxval, long seed, KerasEra era) {
    Class<T> type = dtype.tfType();
    Operand<T> lo;
    Operand<T> hi;
    if (era == KerasEra.KERAS_3) {
      lo = minval.viaCast(tf, dtype);
      hi = maxval.viaCast(tf, dtype);
    } else {
      lo = minval.direct(tf, dtype);
      hi = maxval.direct(tf, dtype);
    }
    StatelessRandomGetKeyCounter kc =
        tf.random.statelessRandomGetKeyCounter(seedPair(tf, seed, era));
    Operand<T> rnd = tf.random.statelessRandomUniformV2(
        shapeOf(tf, shape), kc.key(), kc.counter(), tf.constant(AUTO_SELECT), type);
    return tf.math.add(tf.math.mul(rnd, tf.math.sub(hi, lo)), lo);
  }

  /** {@code tf.random.stateless_normal(shape, seed, mean, stddev, dtype)}. */
  static <T extends TFloating> Operand<T> normal(Ops tf, DType dtype, long[] shape, Scalar mean,
      Scalar stddev, long seed, KerasEra era) {
    Class<T> type = dtype.tfType();
    Operand<T> m = mean.direct(tf, dtype);
    Operand<T> s = stddev.direct(tf, dtype);
    StatelessRandomGetKeyCounter kc =
        tf.random.statelessRandomGetKeyCounter(seedPair(tf, seed, era));
    Operand<T> rnd = tf.random.statelessRandomNormalV2(
        shapeOf(tf, shape), kc.key(), kc.counter(), tf.constant(AUTO_SELECT), type);
    return tf.math.add(tf.math.mul(rnd, s), m);
  }

  /** {@code tf.random.stateless_truncated_normal(shape, seed, mean, stddev, dtype)}. */
  static <T extends TFloating> Operand<T> truncatedNormal(Ops tf, DType dtype, long[] shape,
      Scalar mean, Scalar stddev, long seed, KerasEra era) {
    Class<T> type = dtype.tfType();
    Operand<T> m = mean.direct(tf, dtype);
    Operand<T> s = stddev.direct(tf, dtype);
    StatelessRandomGetKeyCounter kc =
        tf.random.statelessRandomGetKeyCounter(seedPair(tf, seed, era));
    Operand<T> rnd = tf.random.statelessTruncatedNormalV2(
        shapeOf(tf, shape), kc.key(), kc.counter(), tf.constant(AUTO_SELECT), type);
    return tf.math.add(tf.math.mul(rnd, s), m);
  }

  /** The shape as the int32 vector Keras passes (int64 only if a dimension needs it). */
  static Operand<? extends TNumber> shapeOf(Ops tf, long[] shape) {
    int[] ints = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] > Integer.MAX_VALUE) {
        return tf.constant(shape);
      }
      ints[i] = (int) shape[i];
    }
    return tf.constant(ints);
  }

  /**
   * A Python scalar as Keras hands it to TensorFlow: an int or a float (a double). Integers
   * convert exactly where floats would round.
   */
  static final class Scalar {
    private final double value;
    private final boolean integral;

    private Scalar(double value, boolean integral) {
      this.value = value;
      this.integral = integral;
    }

    static Scalar ofDouble(double v) {
      return new Scalar(v, false);
    }

    static Scalar of(Number n) {
      if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) {
        return ofDouble(n.doubleValue());
      }
      return new Scalar(n.doubleValue(), true);
    }

    double value() {
      return value;
    }

    boolean integral() {
      return integral;
    }

    /** {@code ops.convert_to_tensor(x, dtype=dtype)}: rounded once, straight to the dtype. */
    <T extends TFloating> Operand<T> direct(Ops tf, DType dtype) {
      return constant(tf, value, dtype);
    }

    /**
     * {@code tf.cast(x, dtype)} of a Python scalar: {@code convert_to_tensor(x)} makes a float a
     * float32 constant (an int an int32/int64 one), then Cast converts it to the dtype.
     */
    <T extends TFloating> Operand<T> viaCast(Ops tf, DType dtype) {
      Class<T> type = dtype.tfType();
      if (integral) {
        // An int32/int64 constant cast to the dtype is the integer rounded once.
        return constant(tf, value, dtype);
      }
      Operand<TFloat32> f = tf.constant((float) value);
      if (type == TFloat32.class) {
        @SuppressWarnings("unchecked")
        Operand<T> same = (Operand<T>) f;
        return same;
      }
      return tf.dtypes.cast(f, type);
    }
  }

  /** A scalar constant of the dtype holding {@code v} rounded once (float32 / float64 exact). */
  @SuppressWarnings("unchecked")
  static <T extends TFloating> Operand<T> constant(Ops tf, double v, DType dtype) {
    Class<T> type = dtype.tfType();
    if (type == TFloat64.class) {
      return (Operand<T>) tf.constant(v);
    }
    if (type == TFloat32.class) {
      return (Operand<T>) tf.constant((float) v);
    }
    // Other float types (half precision): TensorFlow's own double -> dtype conversion.
    return tf.dtypes.cast(tf.constant(v), type);
  }
}
