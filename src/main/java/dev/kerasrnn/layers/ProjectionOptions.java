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
  Activation activation = Activations.LINEAR;
  boolean useBias = true;
  Initializer kernelInitializer = new GlorotUniform();
  Initializer biasInitializer = new Zeros();

  ProjectionOptions(String defaultName) {
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
}
