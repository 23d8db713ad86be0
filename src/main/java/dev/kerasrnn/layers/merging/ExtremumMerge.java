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
 * {@link Maximum} and {@link Minimum}: the op folded left to right. Keras 3 also applies masks
 * ({@code base_merge._apply_merge_op_and_or_mask}): each mask broadcast to its input ({@code
 * broadcast_to(expand_dims(m, -1), shape(x))}); a masked input takes the running result at its
 * masked steps ({@code where(m, x, out)}), the running result takes the input where the running
 * mask is off ({@code where(out_mask, out, x)}), the masks ORed while every input so far has
 * one; then the op. When every input had a mask the call sets {@code any(mask, -1)} as the output
 * mask. tf-keras: the plain fold. Keras 3's {@code predict()} ops are rebuilt.
 */
abstract class ExtremumMerge extends Merge {
  ExtremumMerge(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  /** The binary op ({@code tf.maximum} / {@code tf.minimum}). */
  abstract <T extends TFloating> Operand<T> op(Ops tf, Operand<T> a, Operand<T> b);

  @Override
  <T extends TFloating> Operand<T> merge(Ops tf, List<Operand<T>> xs, List<Operand<TBool>> masks) {
    return mergeMasked(tf, xs, masks).output();
  }

  @Override
  <T extends TFloating> MaskedOutput<T> mergeMasked(Ops tf, List<Operand<T>> xs,
      List<Operand<TBool>> masks) {
    boolean keras3 = era() == KerasEra.KERAS_3;
    Operand<T> out = null;
    Operand<TBool> outMask = null;
    for (int i = 0; i < xs.size(); i++) {
      Operand<T> x = xs.get(i);
      Operand<TBool> m = keras3 ? masks.get(i) : null;
      if (m != null) {
        m = BackendOps.broadcastToShapeOf(tf, BackendOps.expandDims(tf, m, -1), x);
      }
      if (out == null) {
        out = x;
        outMask = m;
        continue;
      }
      if (m != null) {
        x = BackendOps.where(tf, m, x, out);
      }
      if (outMask != null) {
        out = BackendOps.where(tf, outMask, out, x);
      }
      outMask = m != null && outMask != null ? BackendOps.logicalOr(tf, outMask, m) : null;
      out = op(tf, out, x);
    }
    return new MaskedOutput<>(out, outMask == null ? null : BackendOps.any(tf, outMask, -1));
  }
}
