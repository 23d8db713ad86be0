package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.AvgPool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.AveragePooling1D(pool_size, strides, padding)}: see {@link Pooling1D};
 * AvgPool (with SAME padding the average is over the window's valid steps, as TensorFlow's).
 */
public final class AveragePooling1D extends Pooling1D {
  /** @param strides null for pool_size, as Keras */
  public AveragePooling1D(String name, int poolSize, Integer strides, String padding,
      DTypePolicy dtype, KerasEra era) {
    super(name, poolSize, strides, padding, dtype, era);
  }

  public AveragePooling1D(String name, int poolSize, KerasEra era) {
    this(name, poolSize, null, "valid", DTypePolicy.FLOAT32, era);
  }

  @Override
  String scopeName() {
    return "AvgPool1D";
  }

  @Override
  <T extends TFloating> Operand<T> pool(Ops tf, Operand<T> x4, long[] window, long[] strides,
      String padding) {
    return tf.nn.avgPool(x4, list(window), list(strides), padding, AvgPool.dataFormat("NHWC"));
  }

  private static List<Long> list(long[] a) {
    return Arrays.stream(a).boxed().toList();
  }
}
