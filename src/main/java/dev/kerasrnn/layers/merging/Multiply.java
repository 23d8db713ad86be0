package dev.kerasrnn.layers.merging;

import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
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
    boolean keras3 = era() == KerasEra.KERAS_3;
    boolean allMasked = keras3 && masks.stream().allMatch(m -> m != null);
    Operand<T> out = null;
    Operand<TBool> outMask = null;
    for (int i = 0; i < xs.size(); i++) {
      Operand<T> x = xs.get(i);
      Operand<TBool> m = masks.get(i);
      if (keras3 && m != null) {
        m = tf.broadcastTo(tf.expandDims(m, tf.constant(-1)), tf.shape(x));
        x = tf.select(m, x, scalarLike(tf, 1.0, x));
        if (allMasked) {
          outMask = outMask == null ? m : tf.math.logicalOr(outMask, m);
        }
      }
      out = out == null ? x : tf.math.mul(out, x);
    }
    if (allMasked) {
      out = tf.select(outMask, out, scalarLike(tf, 0.0, out));
    }
    return out;
  }
}
