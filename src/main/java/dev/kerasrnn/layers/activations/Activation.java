package dev.kerasrnn.layers.activations;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Activation(activation)}: the activation's ops on the input; the mask
 * passes through. (The activation function itself is {@link dev.kerasrnn.activations.Activation}.)
 */
public final class Activation extends CoreLayer {
  private final dev.kerasrnn.activations.Activation activation;

  public Activation(String name, dev.kerasrnn.activations.Activation activation,
      DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    if (activation == null) {
      throw new IllegalArgumentException("layer '" + name + "': activation is null");
    }
    this.activation = activation;
  }

  public Activation(String name, dev.kerasrnn.activations.Activation activation, KerasEra era) {
    this(name, activation, DTypePolicy.FLOAT32, era);
  }

  public dev.kerasrnn.activations.Activation activation() {
    return activation;
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
    Operand<? extends TFloating> x = input(tf, inputs, 0);
    return Outputs.of(activation.apply(tf, x), firstMask(masks));
  }
}
