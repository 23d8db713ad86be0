package dev.kerasrnn.layers;

import dev.kerasrnn.activations.Activation;
import dev.kerasrnn.activations.Activations;
import dev.kerasrnn.initializers.GlorotUniform;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.initializers.Zeros;

/**
 * Arguments of layers with a kernel and a bias (Dense, Conv1D): {@code activation}, {@code
 * use_bias}, {@code kernel_initializer}, {@code bias_initializer}, with Keras's defaults.
 *
 * @param <B> the concrete builder, for chaining
 */
public abstract class ProjectionOptions<B extends ProjectionOptions<B>> extends LayerOptions<B> {
  protected Activation activation = Activations.LINEAR;
  protected boolean useBias = true;
  protected Initializer kernelInitializer = new GlorotUniform();
  protected Initializer biasInitializer = new Zeros();

  protected ProjectionOptions(String defaultName) {
    super(defaultName);
  }

  /** {@code activation}; null means linear. */
  public B activation(Activation v) {
    activation = v == null ? Activations.LINEAR : v;
    return self();
  }

  public B useBias(boolean v) {
    useBias = v;
    return self();
  }

  /** {@code kernel_initializer}; null keeps the default. */
  public B kernelInitializer(Initializer v) {
    if (v != null) {
      kernelInitializer = v;
    }
    return self();
  }

  /** {@code bias_initializer}; null keeps the default. */
  public B biasInitializer(Initializer v) {
    if (v != null) {
      biasInitializer = v;
    }
    return self();
  }

  public Activation activation() {
    return activation;
  }

  public boolean useBias() {
    return useBias;
  }

  public Initializer kernelInitializer() {
    return kernelInitializer;
  }

  public Initializer biasInitializer() {
    return biasInitializer;
  }
}
