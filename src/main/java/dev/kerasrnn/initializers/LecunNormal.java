package dev.kerasrnn.initializers;

import dev.kerasrnn.core.KerasEra;

/**
 * Truncated normal with stddev {@code sqrt(1 / fan_in)};
 * {@code keras.initializers.LecunNormal}, i.e. {@code VarianceScaling(scale=1.0,
 * mode="fan_in", distribution="truncated_normal")}.
 */
public final class LecunNormal extends VarianceScaling {
  /** Unseeded: a fresh seed per instance, as Keras draws one at construction. */
  public LecunNormal() {
    this(null, KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing Keras 3. */
  public LecunNormal(Integer seed) {
    this(seed == null ? null : Long.valueOf(seed), KerasEra.KERAS_3);
  }

  /** Seeded (null: unseeded), reproducing the given era. */
  public LecunNormal(Long seed, KerasEra era) {
    super(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed, era);
  }
}
