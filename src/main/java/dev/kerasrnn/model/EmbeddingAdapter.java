package dev.kerasrnn.model;

import dev.kerasrnn.layers.Embedding;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.MaskedOutput;
import dev.kerasrnn.layers.RecurrentLayer;
import dev.kerasrnn.layers.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * {@link Embedding} as a model {@link Layer}; {@code keras.layers.Embedding}. Ids of another type
 * are cast to int32 first, as Keras does; the mask is {@code ids != 0} with {@code mask_zero}.
 */
final class EmbeddingAdapter implements Layer {
  private final Embedding embedding;
  private boolean built;

  EmbeddingAdapter(Embedding embedding) {
    this.embedding = embedding;
  }

  Embedding embedding() {
    return embedding;
  }

  @Override
  public String name() {
    return embedding.name();
  }

  @Override
  public String kerasClassName() {
    return "Embedding";
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
    long[] in = inputShapes.get(0);
    long[] out = java.util.Arrays.copyOf(in, in.length + 1);
    out[in.length] = embedding.outputDim();
    return List.of(out);
  }

  @Override
  public List<Variable> weights() {
    return embedding.trainableVariables();
  }

  @Override
  public List<RecurrentLayer.WeightGroup> weightGroups() {
    return List.of(new RecurrentLayer.WeightGroup("", embedding.trainableVariables()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    Operand<?> x = inputs.get(0);
    Operand<TInt32> ids = x.type() == TInt32.class ? (Operand<TInt32>) x
        : tf.dtypes.cast(x, TInt32.class);
    MaskedOutput<TFloating> m = embedding.call(tf, ids);
    return Outputs.of(m.output(), m.mask());
  }
}
