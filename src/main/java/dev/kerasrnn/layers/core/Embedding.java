package dev.kerasrnn.layers.core;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.initializers.RandomUniform;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.MaskedOutput;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.Weights;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Turns int32 ids into vectors; {@code keras.layers.Embedding}. The lookup is a gather (exact);
 * with {@code maskZero} the mask is {@code ids != 0}, as Keras's {@code compute_mask}.
 */
public final class Embedding implements Layer {
  private final String name;
  private final int inputDim;
  private final int outputDim;
  private final boolean maskZero;
  private final Variable embeddings;

  /** {@code Embedding(input_dim, output_dim, mask_zero=...)} with Keras's default initializer. */
  public Embedding(String name, int inputDim, int outputDim, boolean maskZero, DType dtype) {
    this(name, inputDim, outputDim, maskZero, dtype, new RandomUniform());
  }

  public Embedding(String name, int inputDim, int outputDim, boolean maskZero, DType dtype,
      Initializer initializer) {
    if (inputDim <= 0 || outputDim <= 0) {
      throw new IllegalArgumentException("Embedding '" + name + "': input_dim and output_dim must"
          + " be positive, given " + inputDim + " and " + outputDim);
    }
    this.name = name;
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.maskZero = maskZero;
    this.embeddings = new Variable(name, "embeddings", dtype, new long[] {inputDim, outputDim},
        initializer);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void build(List<long[]> inputShapes) {}

  @Override
  public boolean isBuilt() {
    return true;
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] in = inputShapes.get(0);
    long[] out = java.util.Arrays.copyOf(in, in.length + 1);
    out[in.length] = outputDim;
    return List.of(out);
  }

  @Override
  public List<Variable> weights() {
    return trainableVariables();
  }

  @Override
  public List<RecurrentLayer.WeightGroup> weightGroups() {
    return List.of(new RecurrentLayer.WeightGroup("", trainableVariables()));
  }

  /** As a model layer: ids of another type are cast to int32 first, as Keras does. */
  @Override
  @SuppressWarnings("unchecked")
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    Operand<?> x = inputs.get(0);
    Operand<TInt32> ids = x.type() == TInt32.class ? (Operand<TInt32>) x
        : tf.dtypes.cast(x, TInt32.class);
    MaskedOutput<TFloating> m = call(tf, ids);
    return Outputs.of(m.output(), m.mask());
  }

  public int inputDim() {
    return inputDim;
  }

  public int outputDim() {
    return outputDim;
  }

  public boolean maskZero() {
    return maskZero;
  }

  public DType dtype() {
    return embeddings.dtype();
  }

  public List<Variable> trainableVariables() {
    return List.of(embeddings);
  }

  /** Sets the embedding matrix; {@code layer.set_weights([embeddings])}. */
  public void setWeights(List<HostArray> weights) {
    Weights.assign(name, trainableVariables(), weights);
  }

  /** {@code layer(ids)} with its mask (null unless maskZero). */
  public <T extends TFloating> MaskedOutput<T> call(Ops tf, Operand<TInt32> ids) {
    Operand<T> table = embeddings.read(tf);
    Operand<T> out = tf.gather(table, ids, tf.constant(0));
    Operand<TBool> mask = maskZero ? tf.math.notEqual(ids, tf.constant(0)) : null;
    return new MaskedOutput<>(out, mask);
  }
}
