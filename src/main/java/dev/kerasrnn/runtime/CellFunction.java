package dev.kerasrnn.runtime;

import dev.kerasrnn.layers.rnn.CellOutput;
import dev.kerasrnn.layers.rnn.RNNCell;
import dev.kerasrnn.ops.KOps;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

/**
 * A cell's one step as a {@link TensorFunction}, Keras's {@code cell(x, states)}: inputs {@code
 * [x, state_0, ...]}, outputs {@code [output, new_state_0, ...]}. The cell's own {@link
 * RNNCell#call} (the op sequence RNN's loop runs per step), so {@link Eager} and {@link
 * CompiledFunction} run the same ops. A float {@code x} of another dtype is cast to the cell's,
 * as Keras's {@code Layer.__call__} casts it; states must be in the cell's dtype. Build the cell
 * and check the inputs ({@link RNNCell#checkCall}) first; {@link Eager#call(RNNCell,
 * dev.kerasrnn.core.HostArray, List)} does.
 */
public final class CellFunction {
  private CellFunction() {}

  /** {@code cell}'s step: {@code [x, state_0, ...]} to {@code [output, new_state_0, ...]}. */
  @SuppressWarnings("unchecked")
  public static TensorFunction of(RNNCell cell) {
    return (tf, in) -> {
      // Keras's Layer.__call__ casts a floating input of another dtype to the compute dtype.
      Operand<TFloating> x = KOps.castTo(tf, (Operand<TFloating>) in.get(0), cell.dtype());
      List<Operand<TFloating>> states = new ArrayList<>();
      for (int i = 1; i < in.size(); i++) {
        states.add((Operand<TFloating>) in.get(i));
      }
      CellOutput<TFloating> step = cell.call(tf, x, states);
      List<Operand<?>> out = new ArrayList<>();
      out.add(step.output());
      out.addAll(step.states());
      return out;
    };
  }
}
