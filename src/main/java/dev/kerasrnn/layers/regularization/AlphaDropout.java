package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.AlphaDropout(rate)} at inference: the identity, no op in either era
 * (tf-keras's {@code in_train_phase} returns the input itself); the mask passes through.
 */
public final class AlphaDropout extends RateIdentity {
  public AlphaDropout(String name, double rate, DTypePolicy dtype, KerasEra era) {
    super(name, rate, true, dtype, era, false, 0);
  }
}
