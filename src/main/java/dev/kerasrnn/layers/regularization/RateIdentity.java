package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * An inference identity configured by a dropout {@code rate} (the dropout layers): the rate is
 * checked as Keras checks it and kept for {@link #rate()}.
 */
abstract class RateIdentity extends InferenceIdentity {
  private final double rate;

  /** @param rateOne whether a rate of exactly 1 is accepted (Keras's AlphaDropout and friends). */
  RateIdentity(String name, double rate, boolean rateOne, DTypePolicy dtype, KerasEra era,
      boolean tfKerasIdentity, int rank) {
    super(name, dtype, era, tfKerasIdentity, rank);
    if (!(rate >= 0 && (rateOne ? rate <= 1 : rate < 1))) {
      throw new IllegalArgumentException("layer '" + name + "': rate must be in [0, "
          + (rateOne ? "1]" : "1)") + ", given " + rate);
    }
    this.rate = rate;
  }

  /** The dropout rate of the saved config (unused at inference). */
  public double rate() {
    return rate;
  }
}
