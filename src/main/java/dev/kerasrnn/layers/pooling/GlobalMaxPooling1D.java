package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.GlobalMaxPooling1D(keepdims)}: Max over axis 1. Neither era takes a mask
 * here (masked steps count too); no output mask.
 */
public final class GlobalMaxPooling1D extends GlobalPooling1D {
  public GlobalMaxPooling1D(String name, boolean keepdims, DTypePolicy dtype, KerasEra era) {
    super(name, keepdims, dtype, era);
  }

  public GlobalMaxPooling1D(String name, KerasEra era) {
    this(name, false, DTypePolicy.FLOAT32, era);
  }

  @Override
  <T extends TFloating> Operand<T> pool(Ops tf, Operand<T> x, Operand<TBool> mask) {
    Py.OpScope m = Py.op(tf, "Max");
    return m.op().max(x, PyConst.scalar(m.inner().withName("reduction_indices"), 1),
        Max.keepDims(keepdims()));
  }
}
