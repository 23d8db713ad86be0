package dev.kerasrnn.runtime;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;

/**
 * A computation over TensorFlow operands, written once and run by both {@link Eager} and {@link
 * CompiledFunction}: the {@link Ops} scope decides whether ops execute now or build a graph.
 */
@FunctionalInterface
public interface TensorFunction {
  /** Builds the outputs from the inputs, in order. */
  List<Operand<?>> apply(Ops tf, List<Operand<?>> inputs);
}
