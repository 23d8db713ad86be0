package dev.kerasrnn.layers.preprocessing;

import static dev.kerasrnn.ops.KOps.addV2;
import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Rescaling(scale, offset)} with scalar scale and offset: {@code x * scale +
 * offset} (Mul, AddV2, the offset added even when 0), in both eras; scale and offset are {@code
 * tf.cast} of Python floats, so float32 values cast to the compute dtype. Keras 3 passes the mask
 * on; tf-keras's Rescaling does not support masking and drops it.
 */
public final class Rescaling extends CoreLayer {
  private final double scale;
  private final double offset;

  public Rescaling(String name, double scale, double offset, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
      throw new IllegalArgumentException("layer '" + name + "': scale and offset must be finite,"
          + " given " + scale + " and " + offset);
    }
    this.scale = scale;
    this.offset = offset;
  }

  public double scale() {
    return scale;
  }

  public double offset() {
    return offset;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return List.of(inputShapes.get(0).clone());
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireInputs(inputs, 1, 1);
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), "Rescaling layers");
    }
    Operand<? extends TFloating> x = input(tf, inputs, 0);
    return Outputs.of(apply(tf, x), era() == KerasEra.KERAS_3 ? firstMask(masks) : null);
  }

  private <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    Operand<T> s = scalarLike(tf, (float) scale, x);
    Operand<T> o = scalarLike(tf, (float) offset, x);
    return addV2(tf, tf.math.mul(x, s), o);
  }
}
