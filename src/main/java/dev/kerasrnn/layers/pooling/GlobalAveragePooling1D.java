package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.ops.BackendOps;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
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
      if (Py.tracing(tf)) {
        // inputs[0].dtype: Keras 3 slices the first row only to read its dtype.
        Py.OpScope slice = Py.op(tf, "strided_slice");
        slice.op().stridedSlice(x, PyConst.vector(slice.inner().withName("stack"), 0),
            PyConst.vector(slice.inner().withName("stack_1"), 1),
            PyConst.vector(slice.inner().withName("stack_2"), 1),
            StridedSlice.shrinkAxisMask(1L));
      }
      Operand<T> m = BackendOps.expandDims(tf, Py.named(tf, "Cast").dtypes.cast(mask, x.type()),
          2);
      Operand<T> num = sum(tf, Py.mul(tf, x, m));
      Py.OpScope div = Py.op(tf, "truediv");
      return div.op().math.realDiv(num, sum(tf, m));
    }
    DType d = DType.of(x.type());
    if (era() == KerasEra.KERAS_3 && d.isHalf()) {
      Operand<TFloating> wide = KOps.castTo(Py.named(tf, "Cast"), x, DType.FLOAT32);
      return KOps.castTo(Py.named(tf, "Cast"), mean(tf, wide), d);
    }
    return mean(tf, x);
  }

  /** {@code tf.reduce_sum(x, axis=1)}: Sum with {@code Sum/reduction_indices}. */
  private <T extends TFloating> Operand<T> sum(Ops tf, Operand<T> x) {
    Py.OpScope s = Py.op(tf, "Sum");
    return s.op().sum(x, PyConst.scalar(s.inner().withName("reduction_indices"), 1),
        Sum.keepDims(keepdims()));
  }

  /** {@code tf.reduce_mean(x, axis=1)}: Mean with {@code Mean/reduction_indices}. */
  private <T extends TFloating> Operand<T> mean(Ops tf, Operand<T> x) {
    Py.OpScope s = Py.op(tf, "Mean");
    return s.op().math.mean(x, PyConst.scalar(s.inner().withName("reduction_indices"), 1),
        Mean.keepDims(keepdims()));
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
