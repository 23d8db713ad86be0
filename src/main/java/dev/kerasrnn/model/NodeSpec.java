package dev.kerasrnn.model;

import java.util.List;

/**
 * One call of a layer in a model config (an entry of its {@code inbound_nodes}), in both eras'
 * forms reduced to what the call needs.
 *
 * @param inputs the tensors of the first positional argument, flattened (a merge layer's list)
 * @param initialState tensors passed as {@code initial_state} (Keras 3 keyword, or tf-keras's
 *     extra inbound tensors of a recurrent layer); empty if none
 * @param mask an explicit {@code mask=} tensor, or null (then masks propagate from the inputs)
 * @param tensorArguments how many call arguments hold tensors (Keras 3 passes input masks
 *     implicitly only when exactly one does)
 */
public record NodeSpec(List<TensorRef> inputs, List<TensorRef> initialState, TensorRef mask,
    int tensorArguments) {
  public NodeSpec {
    inputs = List.copyOf(inputs);
    initialState = List.copyOf(initialState);
  }

  /** Every tensor the call reads, in order: inputs, initial states, mask. */
  public List<TensorRef> allInputs() {
    List<TensorRef> all = new java.util.ArrayList<>(inputs);
    all.addAll(initialState);
    if (mask != null) {
      all.add(mask);
    }
    return all;
  }
}
