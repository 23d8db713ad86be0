package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;

/**
 * Uniform in [-limit, limit) with {@code limit = sqrt(6 / (fan_in + fan_out))};
 * {@code keras.initializers.GlorotUniform}. Draws from the full symmetric range (unlike
 * tensorflow-framework 1.1.0's Glorot, which draws from [0, limit)).
 */
public final class GlorotUniform implements Initializer {
  private final Integer seed;

  /** Unseeded: a fresh seed per instance, as Keras draws one at construction. */
  public GlorotUniform() {
    this(StatelessRandom.newSeed());
  }

  public GlorotUniform(Integer seed) {
    this.seed = seed;
  }

  @Override
  public HostArray generate(DType dtype, long... shape) {
    long[] fans = fans(shape);
    double scale = 1.0 / Math.max(1.0, (fans[0] + fans[1]) / 2.0);
    double limit = Math.sqrt(3.0 * scale);
    return StatelessRandom.uniform(dtype, shape, -limit, limit, seed);
  }

  /** Keras's {@code compute_fans}: [fan_in, fan_out]. */
  static long[] fans(long[] shape) {
    if (shape.length == 0) {
      return new long[] {1, 1};
    }
    if (shape.length == 1) {
      return new long[] {shape[0], shape[0]};
    }
    if (shape.length == 2) {
      return new long[] {shape[0], shape[1]};
    }
    long receptive = 1;
    for (int i = 0; i < shape.length - 2; i++) {
      receptive *= shape[i];
    }
    return new long[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
  }
}
