package dev.kerasrnn.model;

/**
 * One tensor of a Keras functional graph: output {@code index} of the {@code node}-th call of layer
 * {@code layer}; Keras's {@code keras_history} ({@code [layer, node_index, tensor_index]}).
 */
public record TensorRef(String layer, int node, int index) {
  @Override
  public String toString() {
    return layer + "[" + node + "][" + index + "]";
  }
}
