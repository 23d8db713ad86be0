package dev.kerasrnn.runtime;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.layers.rnn.TimeLoop;
import dev.kerasrnn.ops.KOps;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * A recurrent layer as a {@link TensorFunction}: inputs {@code [x, states..., mask?]}, outputs
 * the layer's outputs followed, for a stateful layer, by its final states. A stateful layer
 * without explicit initial states is fed its kept states, so graphs never bake states in.
 */
final class LayerFunction {
  private LayerFunction() {}

  /** The function's inputs for one call. */
  static List<Object> inputs(RecurrentLayer layer, HostArray x, List<HostArray> initialState,
      Mask mask) {
    List<Object> in = new ArrayList<>();
    in.add(x);
    in.addAll(initialState.isEmpty() && layer.stateful() ? layer.states() : initialState);
    if (mask != null) {
      in.add(mask);
    }
    return in;
  }

  @SuppressWarnings("unchecked")
  static TensorFunction of(RecurrentLayer layer, int stateCount, boolean withMask,
      TimeLoop loop) {
    return (tf, in) -> {
      // Keras's Layer.__call__ casts a floating input of another dtype to the compute dtype.
      Operand<TFloating> x = KOps.castTo(tf, (Operand<TFloating>) in.get(0), layer.dtype());
      List<Operand<TFloating>> states = new ArrayList<>();
      for (int i = 1; i <= stateCount; i++) {
        states.add((Operand<TFloating>) in.get(i));
      }
      Operand<TBool> mask = withMask ? (Operand<TBool>) in.get(stateCount + 1) : null;
      RecurrentLayer.Run<TFloating> run = layer.run(tf, x, states, mask, loop);
      List<Operand<?>> out = new ArrayList<>(run.outputs());
      if (layer.stateful()) {
        out.addAll(run.finalStates());
      }
      return out;
    };
  }

  /** Splits off and keeps a stateful layer's final states; returns the layer's outputs. */
  static List<HostArray> keepStates(RecurrentLayer layer, List<HostArray> results) {
    if (!layer.stateful()) {
      return results;
    }
    int n = layer.stateSizes().size();
    int outputs = results.size() - n;
    layer.setStates(results.subList(outputs, results.size()));
    return List.copyOf(results.subList(0, outputs));
  }
}
