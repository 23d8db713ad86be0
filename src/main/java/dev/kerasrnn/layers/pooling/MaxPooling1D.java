package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.KOps;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** {@code keras.layers.MaxPooling1D(pool_size, strides, padding)}: see {@link Pooling1D}; MaxPool. */
public final class MaxPooling1D extends Pooling1D {
  /** @param strides null for pool_size, as Keras */
  public MaxPooling1D(String name, int poolSize, Integer strides, String padding,
      DTypePolicy dtype, KerasEra era) {
    super(name, poolSize, strides, padding, dtype, era);
  }

  public MaxPooling1D(String name, int poolSize, KerasEra era) {
    this(name, poolSize, null, "valid", DTypePolicy.FLOAT32, era);
  }

  @Override
  String scopeName() {
    return "MaxPool1d";
  }

  @Override
  <T extends TFloating> Operand<T> pool(Ops tf, Operand<T> x4, long[] window, long[] strides,
      String padding) {
    return KOps.maxPool(tf, x4, window, strides, padding);
  }
}
