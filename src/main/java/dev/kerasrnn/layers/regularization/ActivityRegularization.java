package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;

/**
 * {@code keras.layers.ActivityRegularization(l1, l2)} at inference: the identity, no op in either
 * era (the penalty is a training loss); the mask passes through.
 */
public final class ActivityRegularization extends InferenceIdentity {
  private final double l1;
  private final double l2;

  public ActivityRegularization(String name, double l1, double l2, DTypePolicy dtype,
      KerasEra era) {
    super(name, dtype, era, false, 0);
    this.l1 = l1;
    this.l2 = l2;
  }

  public double l1() {
    return l1;
  }

  public double l2() {
    return l2;
  }
}
