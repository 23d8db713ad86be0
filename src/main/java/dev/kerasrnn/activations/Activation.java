package dev.kerasrnn.activations;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * An element-wise activation, built from the same TensorFlow ops Keras emits for it. Equivalent
 * of a function from {@code keras.activations}.
 */
public interface Activation {
  /** The name Keras writes into a layer config for this activation, e.g. {@code "tanh"}. */
  String name();

  /** Applies the activation; the {@link Ops} scope decides whether this runs eagerly or in a graph. */
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x);
}
