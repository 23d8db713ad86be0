package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.Dropout(rate)} at inference: the identity (tf-keras: one Identity op, Keras
 * 3: no op); the mask passes through.
 */
public final class Dropout extends RateIdentity {
  public Dropout(String name, double rate, DTypePolicy dtype, KerasEra era) {
    super(name, rate, false, dtype, era, true, 0);
  }

  public Dropout(String name, double rate, KerasEra era) {
    this(name, rate, DTypePolicy.FLOAT32, era);
  }
}
