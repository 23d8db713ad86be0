package dev.kerasrnn.initializers;

import dev.kerasrnn.core.KerasEra;

/**
 * Truncated normal with stddev {@code sqrt(2 / (fan_in + fan_out))};
 * {@code keras.initializers.GlorotNormal}, i.e. {@code VarianceScaling(scale=1.0,
 * mode="fan_avg", distribution="truncated_normal")}.
 */
public final class GlorotNormal extends VarianceScaling {
  /** Unseeded: a fresh seed per instance, as Keras draws one at construction. */
  public GlorotNormal() {
    this(null, KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing Keras 3. */
  public GlorotNormal(Integer seed) {
    this(seed == null ? null : Long.valueOf(seed), KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing the given era. */
  public GlorotNormal(Long seed, KerasEra era) {
    super(1.0, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, seed, era);
  }
}
