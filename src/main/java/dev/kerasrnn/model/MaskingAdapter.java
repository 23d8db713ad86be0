package dev.kerasrnn.model;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.MaskedOutput;
import dev.kerasrnn.layers.Masking;
import dev.kerasrnn.layers.RecurrentLayer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.ops.KOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@link Masking} as a model {@link Layer}; {@code keras.layers.Masking}. It ignores an incoming
 * mask and makes its own, as Keras's does.
 */
final class MaskingAdapter implements Layer {
  private final Masking masking;
  private final DType dtype;
  private boolean built;

  MaskingAdapter(Masking masking, DType dtype) {
    this.masking = masking;
    this.dtype = dtype;
  }

  @Override
  public String name() {
    return masking.name();
  }

  @Override
  public String kerasClassName() {
    return "Masking";
  }

  @Override
  public void build(List<long[]> inputShapes) {
    built = true;
  }

  @Override
  public boolean isBuilt() {
    return built;
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

  @Override
  @SuppressWarnings("unchecked")
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    Operand<TFloating> x = KOps.castTo(tf, (Operand<TFloating>) inputs.get(0), dtype);
    MaskedOutput<TFloating> m = masking.call(tf, x);
    return Outputs.of(m.output(), m.mask());
  }
}
