package dev.kerasrnn.layers.pooling;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.family.TFloating;

/** GlobalMaxPooling2D/3D: Max over the spatial axes (both eras). */
abstract class GlobalMaxPoolingND extends GlobalPoolingND {
  GlobalMaxPoolingND(String name, int rank, boolean keepdims, boolean channelsFirst,
      DTypePolicy dtype, KerasEra era) {
    super(name, rank, keepdims, channelsFirst, dtype, era);
  }

  @Override
  <T extends TFloating> Operand<T> pool(Ops tf, Operand<T> x) {
    Py.OpScope m = Py.op(tf, "Max");
    return m.op().max(x, PyConst.vector(m.inner().withName("reduction_indices"), axes()),
        Max.keepDims(keepdims()));
  }
}
