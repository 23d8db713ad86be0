package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.GaussianDropout(rate)} at inference: the identity, no op in either era
 * (tf-keras's {@code in_train_phase} returns the input itself); the mask passes through.
 */
public final class GaussianDropout extends InferenceIdentity {
  private final double rate;

  public GaussianDropout(String name, double rate, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("layer '" + name + "': rate must be in [0, 1], given "
          + rate);
    }
    this.rate = rate;
  }

  public double rate() {
    return rate;
  }


  @Override
  boolean tfKerasIdentity() {
    return false;
  }
}
