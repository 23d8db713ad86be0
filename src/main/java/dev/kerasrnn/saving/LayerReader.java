package dev.kerasrnn.saving;

import dev.kerasrnn.layers.Layer;

/**
 * Builds one Keras layer class from its config; the Java side of that class's {@code
 * from_config}. Each layer family lists its readers by Keras class name, and one registry finds
 * them.
 */
@FunctionalInterface
public interface LayerReader {
  /**
   * @throws dev.kerasrnn.core.ConfigException naming the layer and the unknown key or
   *     unsupported value
   */
  Layer read(LayerConfig config);
}
