package dev.kerasrnn.initializers;

import dev.kerasrnn.core.KerasEra;

/**
 * Uniform in [-limit, limit) with {@code limit = sqrt(3 / fan_in)};
 * {@code keras.initializers.LecunUniform}, i.e. {@code VarianceScaling(scale=1.0,
 * mode="fan_in", distribution="uniform")}.
 */
public final class LecunUniform extends VarianceScaling {
  /** Unseeded: a fresh seed per instance, as Keras draws one at construction. */
  public LecunUniform() {
    this(null, KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing Keras 3. */
  public LecunUniform(Integer seed) {
    this(seed == null ? null : Long.valueOf(seed), KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing the given era. */
  public LecunUniform(Long seed, KerasEra era) {
    super(1.0, Mode.FAN_IN, Distribution.UNIFORM, seed, era);
  }
}
