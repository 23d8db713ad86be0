package dev.kerasrnn.initializers;

import dev.kerasrnn.core.KerasEra;

/**
 * Uniform in [-limit, limit) with {@code limit = sqrt(6 / fan_in)};
 * {@code keras.initializers.HeUniform}, i.e. {@code VarianceScaling(scale=2.0,
 * mode="fan_in", distribution="uniform")}.
 */
public final class HeUniform extends VarianceScaling {
  /** Unseeded: a fresh seed per instance, as Keras draws one at construction. */
  public HeUniform() {
    this(null, KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing Keras 3. */
  public HeUniform(Integer seed) {
    this(seed == null ? null : Long.valueOf(seed), KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing the given era. */
  public HeUniform(Long seed, KerasEra era) {
    super(2.0, Mode.FAN_IN, Distribution.UNIFORM, seed, era);
  }
}
