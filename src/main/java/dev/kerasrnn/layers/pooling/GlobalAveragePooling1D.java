package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.KOps;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.GlobalAveragePooling1D(keepdims)}: without a mask, Mean over axis 1 (Keras
 * 3's {@code ops.mean} computes float16/bfloat16 in float32: Cast, Mean, Cast); with a mask, as
 * both eras: {@code m = expand_dims(cast(mask), 2)}, {@code sum(x * m, 1) / sum(m, 1)} (Cast,
 * ExpandDims, Mul, Sum, Sum, RealDiv). No output mask.
 */
public final class GlobalAveragePooling1D extends GlobalPooling1D {
  public GlobalAveragePooling1D(String name, boolean keepdims, DTypePolicy dtype, KerasEra era) {
    super(name, keepdims, dtype, era);
  }

  public GlobalAveragePooling1D(String name, KerasEra era) {
    this(name, false, DTypePolicy.FLOAT32, era);
  }

  @Override
  <T extends TFloating> Operand<T> pool(Ops tf, Operand<T> x, Operand<TBool> mask) {
    if (mask != null) {
      Operand<T> m = tf.expandDims(tf.dtypes.cast(mask, x.type()), tf.constant(2));
      Operand<T> num = tf.sum(tf.math.mul(x, m), tf.constant(1), Sum.keepDims(keepdims()));
      return tf.math.realDiv(num, tf.sum(m, tf.constant(1), Sum.keepDims(keepdims())));
    }
    DType d = DType.of(x.type());
    if (era() == KerasEra.KERAS_3 && d.isHalf()) {
      Operand<TFloating> wide = KOps.castTo(tf, x, DType.FLOAT32);
      return KOps.castTo(tf, tf.math.mean(wide, tf.constant(1), Mean.keepDims(keepdims())), d);
    }
    return tf.math.mean(x, tf.constant(1), Mean.keepDims(keepdims()));
  }

  /** Its call takes {@code mask}. */
  @Override
  public boolean takesMask() {
    return true;
  }

  @Override
  public List<Operand<TBool>> computeMask(Ops tf, List<Operand<TBool>> previousMasks) {
    return Collections.singletonList(null);
  }
}
