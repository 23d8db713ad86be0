package dev.kerasrnn.runtime;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.layers.RNN;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Runs a layer op by op in a fresh {@link EagerSession}, as Keras's eager {@code layer(x)} does.
 * Simple and slow (tens of microseconds per op); use {@link CompiledLayer} for real sequences.
 */
public final class Eager {
  private Eager() {}

  /**
   * {@code layer(inputs, initial_state=initialState)} evaluated eagerly. Inputs are checked
   * before any TensorFlow op runs.
   *
   * @param initialState empty for zeros
   * @return the output, then the final states if the layer returns state
   */
  public static List<HostArray> call(RNN layer, HostArray inputs, List<HostArray> initialState) {
    layer.checkInputs(inputs.shape(), inputs.dtype(), shapes(initialState), dtypes(initialState));
    try (EagerSession session = EagerSession.options().config(Environment.sessionConfig()).build()) {
      Ops tf = Ops.create(session);
      Operand<TFloating> x = constant(tf, inputs);
      List<Operand<TFloating>> states = new ArrayList<>();
      for (HostArray s : initialState) {
        states.add(constant(tf, s));
      }
      List<HostArray> out = new ArrayList<>();
      for (Operand<TFloating> o : layer.call(tf, x, states)) {
        out.add(HostArray.fromTensor(o.asTensor()));
      }
      return out;
    }
  }

  private static Operand<TFloating> constant(Ops tf, HostArray a) {
    try (TFloating t = a.toTensor()) {
      return tf.constantOf(t);
    }
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
