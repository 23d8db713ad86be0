package dev.kerasrnn.layers;

import dev.kerasrnn.layers.rnn.RecurrentLayer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;

/**
 * Any Keras layer in a model graph; {@code keras.layers.Layer}. A model calls its layers in
 * graph order, passing each one its inbound tensors and their masks; the {@link Ops} scope decides
 * whether that executes eagerly or builds a graph.
 */
public interface Layer {
  /** The layer name, e.g. {@code "dense_1"}. */
  String name();

  /**
   * The Keras class name ({@code "Dense"}, {@code "LSTM"}, ...); Keras 3 stores the layer's
   * weights under {@code layers/<snake_case of it>[_i]}.
   */
  default String kerasClassName() {
    return getClass().getSimpleName();
  }

  /** Creates the weights for these input shapes (batch dimension -1 when unknown). */
  void build(List<long[]> inputShapes);

  boolean isBuilt();

  /** Output shapes for these input shapes; {@code compute_output_shape}. */
  List<long[]> outputShapes(List<long[]> inputShapes);

  /**
   * All weights in Keras's {@code layer.weights} order (trainable, then non-trainable): the order
   * of a legacy .h5 file.
   */
  List<Variable> weights();

  /** Weights grouped by Keras 3 object path relative to the layer ({@code ""} for its own vars). */
  List<RecurrentLayer.WeightGroup> weightGroups();

  /**
   * Applies the layer; {@code layer(inputs, mask=masks)} in Keras at inference.
   *
   * @param masks one per input, null where an input carries no mask
   * @return outputs and their masks (null where none), as Keras's {@code compute_mask}
   */
  Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks);

  /**
   * Whether Keras's {@code call} of this layer has a {@code mask} argument, so that a model may
   * pass one explicitly ({@code layer(x, mask=m)}). A model config that passes a mask to a layer
   * without one is refused at load (Keras could not have called it so).
   */
  default boolean takesMask() {
    return false;
  }

  /**
   * Keras's {@code compute_mask(inputs, previous_mask)} of a layer that {@link #takesMask()}, for
   * {@code previousMasks} (one per input, null where none): the output masks, which depend on no
   * input value. Keras 3 derives the output masks from the first argument's own masks even when
   * the call got an explicit {@code mask=}, so a model asks for them separately then; tf-keras
   * derives them from the explicit mask, which is what {@link #call} returns.
   */
  default List<Operand<TBool>> computeMask(Ops tf, List<Operand<TBool>> previousMasks) {
    throw new UnsupportedOperationException(name() + " takes no mask argument");
  }

  /**
   * Whether Keras 3 computes this layer's output masks with ops of their own ({@code compute_mask}
   * building NotEqual, LogicalOr, ...), which {@code Layer.__call__} runs after the call and
   * outside the layer's name scope, unless the call already set masks on every output. A model
   * tracing Keras's {@code predict()} asks {@link #outputMasks} for them there; the traced call
   * itself leaves them out.
   */
  default boolean masksAfterCall() {
    return false;
  }

  /**
   * Keras 3's {@code compute_mask(inputs, masks)} of a layer that {@link #masksAfterCall()}: the
   * output masks (null where none), built in {@code tf}.
   */
  default List<Operand<TBool>> outputMasks(Ops tf, List<Operand<?>> inputs,
      List<Operand<TBool>> masks) {
    throw new UnsupportedOperationException(name() + " computes its masks in its call");
  }

  /**
   * The boolean keyword arguments Keras's {@code call} of this layer takes besides {@code
   * training} (e.g. {@code use_causal_mask}); a model config that passes others is refused.
   */
  default java.util.Set<String> callOptions() {
    return java.util.Set.of();
  }

  /**
   * The names of the tensor arguments Keras's {@code call} takes besides the first, in the order
   * a model appends them to the inputs ({@code null} where a call leaves one out), e.g.
   * MultiHeadAttention's {@code value}, {@code key}, {@code attention_mask}; empty for layers
   * whose inputs are all in the first argument. A model config that passes others is refused.
   */
  default List<String> namedTensorArguments() {
    return List.of();
  }

  /** {@link #outputShapes(List)} of a call with these {@link #callOptions()} set. */
  default List<long[]> outputShapes(List<long[]> inputShapes, java.util.Map<String, Boolean> options) {
    return outputShapes(inputShapes);
  }

  /** {@link #call(Ops, List, List)} with these {@link #callOptions()} set. */
  default Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks,
      java.util.Map<String, Boolean> options) {
    return call(tf, inputs, masks);
  }

  /** A layer's outputs with their masks. */
  record Outputs(List<Operand<?>> values, List<Operand<TBool>> masks) {
    public Outputs {
      values = List.copyOf(values);
      masks = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(masks));
    }

    /** One output without a mask. */
    public static Outputs of(Operand<?> value) {
      return new Outputs(List.of(value), java.util.Arrays.asList((Operand<TBool>) null));
    }

    /** One output with its mask (null for none). */
    public static Outputs of(Operand<?> value, Operand<TBool> mask) {
      return new Outputs(List.of(value), java.util.Arrays.asList(mask));
    }
  }
}
