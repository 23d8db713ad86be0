package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import java.util.List;

/**
 * {@code keras.layers.SpatialDropout1D(rate)} at inference: the identity (tf-keras: one Identity
 * op, Keras 3: no op) on a (batch, time, channels) input; the mask passes through.
 */
public final class SpatialDropout1D extends InferenceIdentity {
  private final double rate;

  public SpatialDropout1D(String name, double rate, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    this.rate = checkRate(name, rate);
  }

  public SpatialDropout1D(String name, double rate, KerasEra era) {
    this(name, rate, DTypePolicy.FLOAT32, era);
  }

  public double rate() {
    return rate;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 3, 3);
  }

  @Override
  boolean tfKerasIdentity() {
    return true;
  }
}
