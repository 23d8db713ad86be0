package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.SpatialDropout1D(rate)} at inference: the identity (tf-keras: one Identity
 * op, Keras 3: no op) on a (batch, time, channels) input; the mask passes through.
 */
public final class SpatialDropout1D extends RateIdentity {
  public SpatialDropout1D(String name, double rate, DTypePolicy dtype, KerasEra era) {
    super(name, rate, false, dtype, era, true, 3);
  }

  public SpatialDropout1D(String name, double rate, KerasEra era) {
    this(name, rate, DTypePolicy.FLOAT32, era);
  }
}
