package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.activations.Activation;
import dev.kerasrnn.activations.Activations;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.GlorotUniform;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.initializers.Orthogonal;
import dev.kerasrnn.initializers.Zeros;

/**
 * The constructor arguments shared by SimpleRNNCell, LSTMCell and GRUCell, with Keras's defaults
 * and Keras's names in camelCase. Subclasses add their own (unitForgetBias, resetAfter, ...).
 *
 * @param <B> the concrete builder, for chaining
 */
public abstract class CellOptions<B extends CellOptions<B>> {
  final int units;
  String name;
  KerasEra era = KerasEra.KERAS_3;
  DTypePolicy dtypePolicy = DTypePolicy.FLOAT32;
  String activation = "tanh";
  String recurrentActivation = "sigmoid";
  boolean useBias = true;
  Initializer kernelInitializer;
  Initializer recurrentInitializer;
  Initializer biasInitializer;
  double dropout;
  double recurrentDropout;

  CellOptions(int units, String defaultName) {
    if (units <= 0) {
      throw new IllegalArgumentException(
          "Received an invalid value for argument `units`, expected a positive integer, got "
              + units);
    }
    this.units = units;
    this.name = defaultName;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  public B name(String v) {
    name = v;
    return self();
  }

  /** The Keras version whose semantics apply (hard_sigmoid, op order). Default Keras 3. */
  public B era(KerasEra v) {
    era = v;
    return self();
  }

  /** Weights and computation in {@code v}; Keras's {@code dtype="float16"}. Default float32. */
  public B dtype(DType v) {
    dtypePolicy = DTypePolicy.of(v);
    return self();
  }

  /**
   * A dtype policy, e.g. {@link DTypePolicy#MIXED_FLOAT16}: weights in its variable dtype,
   * inputs, computation and outputs in its compute dtype; Keras's {@code dtype="mixed_float16"}.
   */
  public B dtype(DTypePolicy v) {
    dtypePolicy = java.util.Objects.requireNonNull(v, "dtype policy");
    return self();
  }

  /** Activation name as in a Keras config ({@code null} means linear). Default tanh. */
  public B activation(String v) {
    activation = v;
    return self();
  }

  /** Gate activation name. Default sigmoid. */
  public B recurrentActivation(String v) {
    recurrentActivation = v;
    return self();
  }

  public B useBias(boolean v) {
    useBias = v;
    return self();
  }

  public B kernelInitializer(Initializer v) {
    kernelInitializer = v;
    return self();
  }

  public B recurrentInitializer(Initializer v) {
    recurrentInitializer = v;
    return self();
  }

  public B biasInitializer(Initializer v) {
    biasInitializer = v;
    return self();
  }

  /** Accepted for config compatibility; inference applies no dropout, as Keras. */
  public B dropout(double v) {
    dropout = checkRate("dropout", v);
    return self();
  }

  /** Accepted for config compatibility; inference applies no dropout, as Keras. */
  public B recurrentDropout(double v) {
    recurrentDropout = checkRate("recurrent_dropout", v);
    return self();
  }

  /** Copies the shared cell arguments into another builder (a layer's options into its cell's). */
  void copyCellArgs(CellOptions<?> target) {
    target.era = era;
    target.dtypePolicy = dtypePolicy;
    target.activation = activation;
    target.recurrentActivation = recurrentActivation;
    target.useBias = useBias;
    target.kernelInitializer = kernelInitializer;
    target.recurrentInitializer = recurrentInitializer;
    target.biasInitializer = biasInitializer;
    target.dropout = dropout;
    target.recurrentDropout = recurrentDropout;
  }

  private static double checkRate(String arg, double v) {
    if (!(v >= 0.0 && v <= 1.0)) {
      throw new IllegalArgumentException(arg + " must be in [0, 1], given " + v);
    }
    return v;
  }

  Activation resolvedActivation() {
    return Activations.get(activation, era);
  }

  Activation resolvedRecurrentActivation() {
    return Activations.get(recurrentActivation, era);
  }

  Initializer kernelInit() {
    return kernelInitializer != null ? kernelInitializer : new GlorotUniform();
  }

  Initializer recurrentInit() {
    return recurrentInitializer != null ? recurrentInitializer : new Orthogonal();
  }

  Initializer biasInit() {
    return biasInitializer != null ? biasInitializer : new Zeros();
  }
}
