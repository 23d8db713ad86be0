package dev.kerasrnn.initializers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import java.security.SecureRandom;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.StatelessRandomGetKeyCounter;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Draws random tensors the way Keras's TensorFlow backend does: stateless Philox ops keyed by
 * {@code [seed, 0]} (StatelessRandomGetKeyCounter, then StatelessRandomUniformV2/NormalV2).
 */
final class StatelessRandom {
  private static final int AUTO_SELECT = 3;
  private static final SecureRandom SEEDS = new SecureRandom();

  private StatelessRandom() {}

  /** A seed as Keras draws one when none is given: uniform in [1, 1e9]. */
  static int newSeed() {
    return 1 + SEEDS.nextInt(1_000_000_000);
  }

  /** Uniform in [minval, maxval): {@code rnd * (max - min) + min} in the target dtype. */
  static HostArray uniform(DType dtype, long[] shape, double minval, double maxval, int seed) {
    try (EagerSession session = EagerSession.create()) {
      Ops tf = Ops.create(session);
      Class<TFloating> type = dtype.tfType();
      StatelessRandomGetKeyCounter kc = keyCounter(tf, seed);
      Operand<TFloating> rnd = tf.random.statelessRandomUniformV2(
          tf.constant(shape), kc.key(), kc.counter(), tf.constant(AUTO_SELECT), type);
      Operand<TFloating> lo = tf.dtypes.cast(tf.constant(minval), type);
      Operand<TFloating> hi = tf.dtypes.cast(tf.constant(maxval), type);
      Operand<TFloating> out = tf.math.add(tf.math.mul(rnd, tf.math.sub(hi, lo)), lo);
      return HostArray.fromTensor(out.asTensor());
    }
  }

  /** Standard normal samples of the given shape and dtype. */
  static HostArray normal(Ops tf, DType dtype, long[] shape, int seed) {
    Class<TFloating> type = dtype.tfType();
    StatelessRandomGetKeyCounter kc = keyCounter(tf, seed);
    Operand<TFloating> rnd = tf.random.statelessRandomNormalV2(
        tf.constant(shape), kc.key(), kc.counter(), tf.constant(AUTO_SELECT), type);
    return HostArray.fromTensor(rnd.asTensor());
  }

  private static StatelessRandomGetKeyCounter keyCounter(Ops tf, int seed) {
    Operand<TInt32> seedPair = tf.constant(new int[] {Math.floorMod(seed, Integer.MAX_VALUE - 1), 0});
    return tf.random.statelessRandomGetKeyCounter(seedPair);
  }
}
