package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.family.TFloating;

/**
 * GlobalAveragePooling2D/3D: Mean over the spatial axes (Keras 3's {@code ops.mean} computes
 * float16/bfloat16 in float32: Cast, Mean, Cast; tf-keras's {@code backend.mean} is Mean alone).
 */
abstract class GlobalAveragePoolingND extends GlobalPoolingND {
  GlobalAveragePoolingND(String name, int rank, boolean keepdims, boolean channelsFirst,
      DTypePolicy dtype, KerasEra era) {
    super(name, rank, keepdims, channelsFirst, dtype, era);
  }

  @Override
  <T extends TFloating> Operand<T> pool(Ops tf, Operand<T> x) {
    DType d = DType.of(x.type());
    if (era() == KerasEra.KERAS_3 && d.isHalf()) {
      Operand<TFloating> wide = KOps.castTo(Py.named(tf, "Cast"), x, DType.FLOAT32);
      return KOps.castTo(Py.named(tf, "Cast"), mean(tf, wide), d);
    }
    return mean(tf, x);
  }

  /** {@code tf.reduce_mean(x, axis=axes)}: Mean with {@code Mean/reduction_indices}. */
  private <T extends TFloating> Operand<T> mean(Ops tf, Operand<T> x) {
    Py.OpScope s = Py.op(tf, "Mean");
    return s.op().math.mean(x, PyConst.vector(s.inner().withName("reduction_indices"), axes()),
        Mean.keepDims(keepdims()));
  }
}
