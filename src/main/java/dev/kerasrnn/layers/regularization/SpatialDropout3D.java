package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import java.util.List;

/**
 * {@code keras.layers.SpatialDropout3D(rate)} at inference: the identity (tf-keras: one Identity
 * op, as its Dropout; Keras 3: no op) on a 5-D input, either data_format; the mask passes through.
 */
public final class SpatialDropout3D extends InferenceIdentity {
  private final double rate;

  public SpatialDropout3D(String name, double rate, DTypePolicy dtype, KerasEra era) {
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
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 5, 5);
  }

  @Override
  boolean tfKerasIdentity() {
    return true;
  }
}
