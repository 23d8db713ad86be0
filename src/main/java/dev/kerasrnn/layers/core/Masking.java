package dev.kerasrnn.layers.core;

import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.MaskedOutput;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Any;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Masks the time steps whose features all equal {@code maskValue}; {@code keras.layers.Masking}.
 * As Keras: {@code keep = any(x != mask_value, axis=-1, keepdims=True)}, output {@code x *
 * cast(keep)} (so masked steps become zeros, keeping the sign of -0.0 products), mask {@code keep}
 * without its last axis.
 */
public final class Masking implements Layer {
  private final String name;
  private final double maskValue;
  private final DType dtype;

  public Masking(double maskValue) {
    this("masking", maskValue, DType.FLOAT32);
  }

  /** {@code Masking(mask_value, name=..., dtype=...)}; inputs are cast to {@code dtype}. */
  public Masking(String name, double maskValue, DType dtype) {
    this.name = name;
    this.maskValue = maskValue;
    this.dtype = dtype;
  }

  @Override
  public String name() {
    return name;
  }

  public DType dtype() {
    return dtype;
  }

  @Override
  public void build(List<long[]> inputShapes) {}

  @Override
  public boolean isBuilt() {
    return true;
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return List.of(inputShapes.get(0).clone());
  }

  @Override
  public List<Variable> weights() {
    return List.of();
  }

  @Override
  public List<RecurrentLayer.WeightGroup> weightGroups() {
    return List.of();
  }

  /** As a model layer: the input cast to the layer dtype, masked; the mask it computes. */
  @Override
  @SuppressWarnings("unchecked")
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    Operand<TFloating> x = KOps.castTo(tf, (Operand<TFloating>) inputs.get(0), dtype);
    MaskedOutput<TFloating> m = call(tf, x);
    return Outputs.of(m.output(), m.mask());
  }

  public double maskValue() {
    return maskValue;
  }

  /** {@code layer(x)} with the mask it computes. */
  public <T extends TFloating> MaskedOutput<T> call(Ops tf, Operand<T> x) {
    // Keras 3 converts the Python float mask_value to float32 first; traced, as Keras 3 does.
    Operand<T> value = Py.tracing(tf) ? KOps.pythonFloat(tf, maskValue, x)
        : scalarLike(tf, maskValue, x);
    Operand<TBool> differs = tf.math.notEqual(x, value);
    Py.OpScope any = Py.op(tf, "Any");
    Operand<TBool> keep = any.op().any(differs,
        PyConst.scalar(any.inner().withName("reduction_indices"), -1), Any.keepDims(true));
    Operand<T> out = Py.mul(tf, x, tf.dtypes.cast(keep, x.type()));
    // ops.squeeze canonicalizes the axis: squeeze_dims [rank - 1].
    int rank = keep.shape().numDimensions();
    long last = rank < 0 ? -1 : rank - 1;
    return new MaskedOutput<>(out, Py.named(tf, "Squeeze").squeeze(keep, Squeeze.axis(last)));
  }
}
