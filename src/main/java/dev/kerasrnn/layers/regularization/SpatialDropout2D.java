package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.SpatialDropout2D(rate)} at inference: the identity (tf-keras: one Identity
 * op, as its Dropout; Keras 3: no op) on a 4-D input, either data_format; the mask passes through.
 */
public final class SpatialDropout2D extends RateIdentity {
  public SpatialDropout2D(String name, double rate, DTypePolicy dtype, KerasEra era) {
    super(name, rate, true, dtype, era, true, 4);
  }
}
