package dev.kerasrnn.model;

import java.util.List;

/**
 * A parsed model config: its layers in {@code model.layers} order with their calls, and the
 * model's input and output tensors; what Keras's {@code Sequential.from_config} /
 * {@code functional_from_config} read. A Sequential model is expressed as the equivalent graph.
 *
 * @param className {@code Sequential} or {@code Functional} ({@code Model} in old files)
 * @param layers every layer, InputLayers included, in config order
 * @param savedLayers the names of {@code model.layers} (a Sequential's omits its InputLayer): the
 *     order Keras numbers Keras 3 weight paths in and assigns legacy weights in
 */
public record ModelSpec(String name, String className, List<LayerSpec> layers,
    List<TensorRef> inputs, List<TensorRef> outputs, List<String> savedLayers) {
  public ModelSpec {
    layers = List.copyOf(layers);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    savedLayers = List.copyOf(savedLayers);
  }

  public boolean isSequential() {
    return className.equals("Sequential");
  }
}
