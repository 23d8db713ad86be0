package dev.kerasrnn.initializers;

import dev.kerasrnn.core.KerasEra;

/**
 * Uniform in [-limit, limit) with {@code limit = sqrt(6 / (fan_in + fan_out))};
 * {@code keras.initializers.GlorotUniform}, i.e. {@code VarianceScaling(scale=1.0,
 * mode="fan_avg", distribution="uniform")}.
 */
public final class GlorotUniform extends VarianceScaling {
  /** Unseeded: a fresh seed per instance, as Keras draws one at construction. */
  public GlorotUniform() {
    this(null, KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing Keras 3. */
  public GlorotUniform(Integer seed) {
    this(seed == null ? null : Long.valueOf(seed), KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing the given era. */
  public GlorotUniform(Long seed, KerasEra era) {
    super(1.0, Mode.FAN_AVG, Distribution.UNIFORM, seed, era);
  }
}
