package dev.kerasrnn.runtime;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.EagerSessions;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.layers.rnn.RNNCell;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.layers.rnn.TimeLoop;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Runs op by op in a fresh {@link EagerSession}, as Keras's eager {@code layer(x)} does. Simple
 * and slow (tens of microseconds per op); use {@link CompiledLayer} for real sequences.
 */
public final class Eager {
  private Eager() {}

  /** {@code layer(inputs, initial_state=initialState)}; see {@link #call(RecurrentLayer,
   * HostArray, List, Mask)}. */
  public static List<HostArray> call(RecurrentLayer layer, HostArray inputs,
      List<HostArray> initialState) {
    return call(layer, inputs, initialState, null);
  }

  /**
   * {@code layer(inputs, initial_state=initialState, mask=mask)} evaluated eagerly. Inputs are
   * checked before any TensorFlow op runs. A stateful layer starts from its kept states (unless
   * initial states are given) and keeps the final ones, as Keras does.
   *
   * @param initialState empty for the default
   * @param mask null for none
   * @return the layer's outputs
   */
  public static List<HostArray> call(RecurrentLayer layer, HostArray inputs,
      List<HostArray> initialState, Mask mask) {
    // Any float input is cast to the compute dtype (LayerFunction), as Keras's Layer.__call__.
    layer.checkInputs(inputs.shape(), layer.dtype(), shapes(initialState), dtypes(initialState),
        mask == null ? null : mask.shape());
    if (!layer.stateful()) {
      return run(LayerFunction.of(layer, initialState.size(), mask != null,
          TimeLoop.DEFAULT),
          LayerFunction.inputs(layer, inputs, initialState, mask));
    }
    layer.build(inputs.shape());
    synchronized (layer) {
      List<Object> in = LayerFunction.inputs(layer, inputs, initialState, mask);
      int states = in.size() - 1 - (mask == null ? 0 : 1);
      return LayerFunction.keepStates(layer,
          run(LayerFunction.of(layer, states, mask != null, TimeLoop.DEFAULT), in));
    }
  }

  /**
   * One step of a cell, {@code out, new_states = cell(x, states)} evaluated eagerly: {@code x}
   * is [batch, features], {@code states} one [batch, size] array per {@link RNNCell#stateSize()}
   * entry ({@code List.of(h)}, LSTM {@code List.of(h, c)}) in the cell's dtype; a float {@code
   * x} of another dtype is cast to it, as Keras's {@code Layer.__call__} casts it (and as {@link
   * #call(RecurrentLayer, HostArray, List)} does). Checked before any TensorFlow op runs; a cell
   * not built yet is built for {@code x}'s features, as Keras builds on the first call. Runs the
   * cell's own step, the one RNN's loop runs.
   *
   * @throws dev.kerasrnn.core.InvalidInputException naming the cell, expected and given
   */
  public static CellStep call(RNNCell cell, HostArray x, List<HostArray> states) {
    cell.checkCall(x.shape(), cell.dtype(), shapes(states), dtypes(states));
    if (!cell.isBuilt()) {
      cell.build(x.shape()[1]);
    }
    List<Object> in = new ArrayList<>();
    in.add(x);
    in.addAll(states);
    return CellStep.of(run(CellFunction.of(cell), in));
  }

  /** Runs {@code f} eagerly on {@code inputs} (HostArray, IntArray or Mask values). */
  public static List<HostArray> run(TensorFunction f, List<?> inputs) {
    try (EagerSession session = EagerSessions.open(Environment.sessionConfig())) {
      Ops tf = Ops.create(session);
      List<Operand<?>> in = new ArrayList<>();
      for (Object value : inputs) {
        try (Tensor t = Values.toTensor(value)) {
          in.add(constant(tf, t));
        }
      }
      List<HostArray> out = new ArrayList<>();
      for (Operand<?> o : f.apply(tf, in)) {
        out.add(HostArray.fromTensor(o.asTensor()));
      }
      return out;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> Operand<T> constant(Ops tf, Tensor t) {
    return tf.constantOf((T) t);
  }

  static List<long[]> shapes(List<HostArray> arrays) {
    List<long[]> out = new ArrayList<>();
    for (HostArray a : arrays) {
      out.add(a.shape());
    }
    return out;
  }

  static List<DType> dtypes(List<HostArray> arrays) {
    List<DType> out = new ArrayList<>();
    for (HostArray a : arrays) {
      out.add(a.dtype());
    }
    return out;
  }
}
