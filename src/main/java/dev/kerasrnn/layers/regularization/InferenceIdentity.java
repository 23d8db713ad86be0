package dev.kerasrnn.layers.regularization;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;

/**
 * A layer that is the identity at inference (the dropout and noise layers): the input (cast to
 * the compute dtype) and its mask pass through. tf-keras's dropout layers emit one Identity op
 * ({@code smart_cond} on {@code training=False}); Keras 3 and GaussianNoise emit none.
 */
abstract class InferenceIdentity extends CoreLayer {
  private final boolean tfKerasIdentity;
  private final int rank;

  /**
   * @param tfKerasIdentity whether tf-keras emits an Identity op for this layer at inference
   * @param rank the input rank the layer requires, or 0 for any
   */
  InferenceIdentity(String name, DTypePolicy dtype, KerasEra era, boolean tfKerasIdentity,
      int rank) {
    super(name, dtype, era);
    this.tfKerasIdentity = tfKerasIdentity;
    this.rank = rank;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    if (rank > 0) {
      requireRank(shapes.get(0), rank, rank);
    }
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return List.of(inputShapes.get(0).clone());
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireInputs(inputs, 1, 1);
    Operand<?> x = input(tf, inputs, 0);
    if (tfKerasIdentity && era() == KerasEra.KERAS_2) {
      x = tf.identity(x);
    }
    return Outputs.of(x, firstMask(masks));
  }
}
