package dev.kerasrnn.runtime;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.layers.RNN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.family.TFloating;

/**
 * A layer compiled once for one input signature into a {@link Graph} (the whole sequence
 * unrolled) and a {@link Session}, then run any number of times. Thread-safe: sessions are.
 * Equivalent of Keras's {@code predict} / a {@code tf.function}-wrapped call.
 */
public final class CompiledLayer implements AutoCloseable {
  private final String layerName;
  private final long[] inputShape;
  private final DType dtype;
  private final List<long[]> stateShapes;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloating> input;
  private final List<Placeholder<TFloating>> states;
  private final List<Operand<TFloating>> outputs;

  private CompiledLayer(RNN layer, long[] inputShape, List<long[]> stateShapes) {
    this.layerName = layer.name();
    this.inputShape = inputShape.clone();
    this.dtype = layer.dtype();
    this.stateShapes = stateShapes;
    Graph g = new Graph();
    try {
      Ops tf = Ops.create(g);
      Class<TFloating> type = dtype.tfType();
      input = tf.withName("inputs").placeholder(type, Placeholder.shape(Shape.of(inputShape)));
      states = new ArrayList<>();
      for (int i = 0; i < stateShapes.size(); i++) {
        states.add(tf.withName("initial_state_" + i)
            .placeholder(type, Placeholder.shape(Shape.of(stateShapes.get(i)))));
      }
      outputs = new ArrayList<>();
      List<Operand<TFloating>> raw = layer.call(tf, input, new ArrayList<>(states));
      for (int i = 0; i < raw.size(); i++) {
        // Distinct fetch names: an output may be the same tensor as a state (h in SimpleRNN/GRU).
        outputs.add(tf.withName("output_" + i).identity(raw.get(i)));
      }
      session = new Session(g, Environment.sessionConfig());
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
    this.graph = g;
  }

  /**
   * Compiles {@code layer} for inputs of exactly {@code inputShape} and, if {@code stateShapes}
   * is not empty, initial states of those shapes. Everything is checked before any op is built.
   */
  public static CompiledLayer compile(RNN layer, long[] inputShape, List<long[]> stateShapes) {
    List<DType> types = new ArrayList<>();
    for (int i = 0; i < stateShapes.size(); i++) {
      types.add(layer.dtype());
    }
    layer.checkInputs(inputShape, layer.dtype(), stateShapes, types);
    for (long d : inputShape) {
      if (d < 0) {
        throw new InvalidInputException(layer.name(), "a fully known input shape to compile",
            HostArray.shapeString(inputShape));
      }
    }
    return new CompiledLayer(layer, inputShape, List.copyOf(stateShapes));
  }

  /** Runs the compiled graph; inputs must match the compiled signature exactly. */
  public List<HostArray> call(HostArray inputs, List<HostArray> initialState) {
    check("inputs", inputShape, inputs);
    if (initialState.size() != stateShapes.size()) {
      throw new InvalidInputException(layerName,
          stateShapes.size() + " initial state tensor(s) (compiled signature)",
          String.valueOf(initialState.size()));
    }
    for (int i = 0; i < stateShapes.size(); i++) {
      check("initial state " + i, stateShapes.get(i), initialState.get(i));
    }
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      Tensor tx = inputs.toTensor();
      fed.add(tx);
      runner.feed(input, (TFloating) tx);
      for (int i = 0; i < states.size(); i++) {
        Tensor ts = initialState.get(i).toTensor();
        fed.add(ts);
        runner.feed(states.get(i), (TFloating) ts);
      }
      for (Operand<TFloating> o : outputs) {
        runner.fetch(o);
      }
      try (Result result = runner.run()) {
        List<HostArray> out = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
          out.add(HostArray.fromTensor(result.get(i)));
        }
        return out;
      }
    } finally {
      for (Tensor t : fed) {
        t.close();
      }
    }
  }

  private void check(String what, long[] expected, HostArray given) {
    if (given.dtype() != dtype || !Arrays.equals(given.shape(), expected)) {
      throw new InvalidInputException(layerName,
          what + " " + dtype + HostArray.shapeString(expected) + " (compiled signature)",
          given.dtype() + HostArray.shapeString(given.shape()));
    }
  }

  /** Number of ops in the compiled graph. */
  public long graphSize() {
    long n = 0;
    for (var it = graph.operations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
