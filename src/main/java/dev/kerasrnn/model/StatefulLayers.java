package dev.kerasrnn.model;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.layers.rnn.RecurrentAdapter;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.model.ModelGraph.Step;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;

/**
 * The stateful recurrent layers of a model ({@code stateful=True}) and their kept states, which a
 * model call feeds to its graph as the layers' initial states and replaces by the final states it
 * fetches; Keras's state variables, read at the start of a call and assigned at its end. Zeros
 * after loading (neither Keras saves them) and after {@link #reset()}. Callers hold the lock of
 * this object around a call, so calls are serialized.
 */
final class StatefulLayers {
  private final List<Step> steps = new ArrayList<>();

  /**
   * @param needed the model's calls in execution order
   * @throws ConfigException for a stateful layer called more than once or given initial states
   */
  StatefulLayers(List<Step> needed, String source) {
    for (Step s : needed) {
      if (s.layer() instanceof RecurrentAdapter r && r.layer().stateful()) {
        if (s.spec().nodes().size() > 1) {
          throw new ConfigException(source + ": stateful layer '" + s.spec().name() + "' is"
              + " called " + s.spec().nodes().size() + " times; a stateful layer shared between"
              + " calls is not supported");
        }
        if (!s.call().initialState().isEmpty()) {
          throw new ConfigException(source + ": stateful layer '" + s.spec().name() + "' is"
              + " called with initial_state; a stateful layer given initial states is not"
              + " supported in whole models");
        }
        steps.add(s);
      }
    }
  }

  boolean isEmpty() {
    return steps.isEmpty();
  }

  private static RecurrentLayer layer(Step s) {
    return ((RecurrentAdapter) s.layer()).layer();
  }

  /** Every layer's kept states, layer after layer: the graph's extra inputs. */
  List<HostArray> kept() {
    List<HostArray> out = new ArrayList<>();
    steps.forEach(s -> out.addAll(layer(s).states()));
    return out;
  }

  /** The operands among {@code stateInputs} (laid out as {@link #kept()}) of call {@code s}. */
  List<Operand<?>> inputsOf(Step s, List<Operand<?>> stateInputs) {
    int offset = 0;
    for (Step t : steps) {
      int n = layer(t).stateSizes().size();
      if (t == s) {
        return stateInputs.subList(offset, offset + n);
      }
      offset += n;
    }
    throw new IllegalArgumentException(s.key() + " is not a stateful call");
  }

  /**
   * Keeps the final states that follow the first {@code outputs} results (laid out as {@link
   * #kept()}); returns those outputs.
   */
  List<HostArray> keep(List<HostArray> results, int outputs) {
    int offset = outputs;
    for (Step s : steps) {
      int n = layer(s).stateSizes().size();
      layer(s).setStates(results.subList(offset, offset + n));
      offset += n;
    }
    return List.copyOf(results.subList(0, outputs));
  }

  /** Zero states for every layer; Keras's {@code model.reset_states()}. */
  void reset() {
    steps.forEach(s -> layer(s).resetStates());
  }
}
