package dev.kerasrnn.layers.activations;

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
 * The advanced activation layers ({@code keras/src/layers/activations}): one float input, the
 * same shape out, the mask passed on ({@code supports_masking = True} in both eras). Each op
 * is named as TF Python names it, so that Keras 3's {@code predict()} graph is rebuilt for the
 * layers and options that say so ({@link #traced}); the others refuse a trace.
 */
abstract class ActivationLayer extends CoreLayer {
  ActivationLayer(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  /** The layer's ops on the input (already in the compute dtype). */
  abstract <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x, Operand<TBool> mask);

  /** Whether Keras 3's {@code predict()} ops are rebuilt for this layer with this mask. */
  boolean traced(Operand<TBool> mask) {
    return false;
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
    if (Py.tracing(tf) && !(era() == KerasEra.KERAS_3 && traced(firstMask(masks)))) {
      throw new UnsupportedTraceException(name(), kerasClassName() + " layers"
          + (firstMask(masks) != null ? " called with a mask" : " with these options"));
    }
    Operand<? extends TFloating> x = input(tf, inputs, 0);
    return Outputs.of(apply(tf, x, firstMask(masks)), firstMask(masks));
  }

  static double nonNegative(String layer, String key, double v) {
    if (!(v >= 0)) {
      throw new IllegalArgumentException("layer '" + layer + "': " + key
          + " must be a non-negative number, given " + v);
    }
    return v;
  }
}
