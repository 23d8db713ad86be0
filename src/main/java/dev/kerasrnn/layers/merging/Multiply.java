package dev.kerasrnn.layers.merging;


import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.MaskedOutput;
import dev.kerasrnn.ops.BackendOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Multiply()}: {@code ((x0 * x1) * x2) ...} as Mul ops. Keras 3 also applies
 * masks ({@code multiply.py}): a masked input is 1 at its masked steps ({@code where(mask, x,
 * 1)}), and when every input has a mask the product is 0 where all of them are masked.
 */
public final class Multiply extends Merge {
  public Multiply(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  public Multiply(String name, KerasEra era) {
    this(name, DTypePolicy.FLOAT32, era);
  }

  @Override
  <T extends TFloating> Operand<T> merge(Ops tf, List<Operand<T>> xs, List<Operand<TBool>> masks) {
    return mergeMasked(tf, xs, masks).output();
  }

  /**
   * Keras 3's {@code _merge_function}: each masked input broadcast-masked to 1 ({@code
   * where(broadcast_to(expand_dims(m, -1), shape(x)), x, cast(1))}), the broadcast masks ORed when
   * every input has one, the product; then the product 0 outside that mask and the output mask
   * {@code any(mask, -1)}, set by the call itself. tf-keras: the plain product.
   */
  @Override
  <T extends TFloating> MaskedOutput<T> mergeMasked(Ops tf, List<Operand<T>> xs,
      List<Operand<TBool>> masks) {
    boolean keras3 = era() == KerasEra.KERAS_3;
    boolean allMasked = keras3 && masks.stream().allMatch(m -> m != null);
    Operand<T> out = null;
    Operand<TBool> outMask = null;
    for (int i = 0; i < xs.size(); i++) {
      Operand<T> x = xs.get(i);
      Operand<TBool> m = masks.get(i);
      if (keras3 && m != null) {
        m = BackendOps.broadcastToShapeOf(tf, BackendOps.expandDims(tf, m, -1), x);
        x = BackendOps.where(tf, m, x, BackendOps.castInt(tf, 1, x.type()));
        if (allMasked) {
          outMask = outMask == null ? m : BackendOps.logicalOr(tf, outMask, m);
        }
      }
      out = out == null ? x : BackendOps.multiply(tf, out, x);
    }
    if (!allMasked) {
      return new MaskedOutput<>(out, null);
    }
    out = BackendOps.where(tf, outMask, out, BackendOps.castInt(tf, 0, out.type()));
    return new MaskedOutput<>(out, BackendOps.any(tf, outMask, -1));
  }
}
