package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;

/** Produces the initial value of a weight. Equivalent of {@code keras.initializers.Initializer}. */
public interface Initializer {
  /** The initial value for a weight of this shape and dtype. */
  HostArray generate(DType dtype, long... shape);
}
