package dev.kerasrnn.initializers;

import dev.kerasrnn.core.KerasEra;

/**
 * Truncated normal with stddev {@code sqrt(2 / fan_in)};
 * {@code keras.initializers.HeNormal}, i.e. {@code VarianceScaling(scale=2.0,
 * mode="fan_in", distribution="truncated_normal")}.
 */
public final class HeNormal extends VarianceScaling {
  /** Unseeded: a fresh seed per instance, as Keras draws one at construction. */
  public HeNormal() {
    this(null, KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing Keras 3. */
  public HeNormal(Integer seed) {
    this(seed == null ? null : Long.valueOf(seed), KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing the given era. */
  public HeNormal(Long seed, KerasEra era) {
    super(2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed, era);
  }
}
