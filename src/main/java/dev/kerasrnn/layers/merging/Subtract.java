package dev.kerasrnn.layers.merging;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.tracing.Py;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Subtract()}: {@code x0 - x1}, one Sub op ({@code ops.subtract}, tf-keras's
 * {@code -}), exactly two inputs. Masks as every {@link Merge}. Keras 3's {@code predict()} ops
 * are rebuilt.
 */
public final class Subtract extends Merge {
  public Subtract(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  public Subtract(String name, KerasEra era) {
    this(name, DTypePolicy.FLOAT32, era);
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 2, 2);
    super.checkInputShapes(shapes);
  }

  @Override
  <T extends TFloating> Operand<T> merge(Ops tf, List<Operand<T>> xs, List<Operand<TBool>> masks) {
    requireInputs(xs, 2, 2);
    return Py.named(tf, "Sub").math.sub(xs.get(0), xs.get(1));
  }
}
