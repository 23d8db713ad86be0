package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.GaussianNoise(stddev)} at inference: the identity, no op in either era; the
 * mask passes through.
 */
public final class GaussianNoise extends InferenceIdentity {
  private final double stddev;

  public GaussianNoise(String name, double stddev, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era, false, 0);
    if (!(stddev >= 0)) {
      throw new IllegalArgumentException("layer '" + name + "': stddev must be >= 0, given "
          + stddev);
    }
    this.stddev = stddev;
  }

  public GaussianNoise(String name, double stddev, KerasEra era) {
    this(name, stddev, DTypePolicy.FLOAT32, era);
  }

  public double stddev() {
    return stddev;
  }
}
