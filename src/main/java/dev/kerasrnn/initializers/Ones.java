package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import java.util.Arrays;

/** All ones; {@code keras.initializers.Ones}. */
public final class Ones implements Initializer {
  @Override
  public HostArray generate(DType dtype, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    double[] v = new double[Math.toIntExact(n)];
    Arrays.fill(v, 1.0);
    return HostArray.of(dtype, shape, v);
  }
}
