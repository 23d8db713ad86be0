package dev.kerasrnn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param maskList an explicit {@code mask=[m0, m1, ...]} list (entries null where Keras got
 *     None), one per input from the first; empty if the call has none (then {@code mask} or the
 *     propagated masks apply)
 * @param options the call's boolean keyword arguments other than {@code training} (e.g. {@code
 *     use_causal_mask}); only layers that declare them take them ({@code Layer#callOptions})
 * @param namedTensors tensor arguments by name besides the first (MultiHeadAttention's {@code
 *     value}, {@code key}, {@code attention_mask}, ...: positional ones get their parameter's
 *     name); only layers that declare them take them ({@code Layer#namedTensorArguments})
 */
public record NodeSpec(List<TensorRef> inputs, List<TensorRef> initialState, TensorRef mask,
    int tensorArguments, List<TensorRef> maskList, Map<String, Boolean> options,
    Map<String, TensorRef> namedTensors) {
  public NodeSpec {
    inputs = List.copyOf(inputs);
    initialState = List.copyOf(initialState);
    maskList = Collections.unmodifiableList(new ArrayList<>(maskList));
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    namedTensors = Collections.unmodifiableMap(new LinkedHashMap<>(namedTensors));
  }

  /** A call without a mask list, call options or named tensors. */
  public NodeSpec(List<TensorRef> inputs, List<TensorRef> initialState, TensorRef mask,
      int tensorArguments) {
    this(inputs, initialState, mask, tensorArguments, List.of(), Map.of(), Map.of());
  }

  /** A call without named tensors. */
  public NodeSpec(List<TensorRef> inputs, List<TensorRef> initialState, TensorRef mask,
      int tensorArguments, List<TensorRef> maskList, Map<String, Boolean> options) {
    this(inputs, initialState, mask, tensorArguments, maskList, options, Map.of());
  }

  /** Whether the call passes {@code mask=} explicitly (one tensor or a list). */
  public boolean hasExplicitMask() {
    return mask != null || !maskList.isEmpty();
  }

  /** Every tensor the call reads, in order: inputs, initial states, mask(s). */
  public List<TensorRef> allInputs() {
    List<TensorRef> all = new ArrayList<>(inputs);
    all.addAll(initialState);
    if (mask != null) {
      all.add(mask);
    }
    maskList.stream().filter(r -> r != null).forEach(all::add);
    all.addAll(namedTensors.values());
    return all;
  }
}
