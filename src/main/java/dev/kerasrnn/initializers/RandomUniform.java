package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.StatelessRandom.Scalar;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Uniform in [minval, maxval); {@code keras.initializers.RandomUniform} (defaults -0.05, 0.05).
 * Under Keras 3 a float bound is rounded to float32 before it is cast to the dtype (see
 * {@link StatelessRandom}); an integer bound converts exactly.
 */
public final class RandomUniform extends RandomInitializer {
  private final Scalar minval;
  private final Scalar maxval;

  /** Keras's defaults, unseeded. */
  public RandomUniform() {
    this(Scalar.ofDouble(-0.05), Scalar.ofDouble(0.05), null, KerasEra.KERAS_3);
  }

  /**
   * Bounds as Python gave them: an {@link Integer}/{@link Long} is a Python int, a {@link Double}
   * a Python float (they convert differently under Keras 3). Seed null means unseeded.
   */
  public RandomUniform(Number minval, Number maxval, Long seed, KerasEra era) {
    this(Scalar.of(minval), Scalar.of(maxval), seed, era);
  }

  private RandomUniform(Scalar minval, Scalar maxval, Long seed, KerasEra era) {
    super(seed, era);
    this.minval = minval;
    this.maxval = maxval;
  }

  public double minval() {
    return minval.value();
  }

  public double maxval() {
    return maxval.value();
  }

  @Override
  public <T extends TFloating> Operand<T> build(Ops tf, DType dtype, long[] shape) {
    return StatelessRandom.uniform(tf, dtype, shape, minval, maxval, seed(), era());
  }
}
