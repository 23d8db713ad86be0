package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;

/** All zeros; {@code keras.initializers.Zeros}. */
public final class Zeros implements Initializer {
  @Override
  public HostArray generate(DType dtype, long... shape) {
    return HostArray.zeros(dtype, shape);
  }
}
