package dev.kerasrnn.runtime;

import dev.kerasrnn.core.ClosedException;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.Lifecycle;
import dev.kerasrnn.ops.FlatGraph;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.family.TType;

/**
 * A {@link TensorFunction} compiled once for one input signature (types and exact shapes) into
 * a {@link Graph} and a {@link Session}, then run any number of times; thread-safe. Graph
 * rewrites are off ({@link Environment#sessionConfig()}), so it computes exactly what eager
 * execution of the same function computes.
 */
public final class CompiledFunction implements AutoCloseable {
  /*
   * Every call runs its ops in TensorFlow's inter-op pool, never in the calling thread
   * (RunOptions.inter_op_thread_pool = -1): TensorFlow's pool threads flush subnormals to zero
   * (FTZ/DAZ, as its eager kernels do), a Java thread does not, so a kernel run in the caller's
   * thread compares and produces subnormals differently from Keras (a Masking step of subnormals,
   * which Keras masks, was kept). The caller-thread mode was 13-33% faster at batch 1.
   */
  private final List<TensorSpec> specs;
  private final List<Placeholder<?>> inputs = new ArrayList<>();
  private final List<Operand<?>> outputs = new ArrayList<>();
  private final Graph graph;
  private final Session session;
  private final Lifecycle lifecycle = new Lifecycle("compiled function");

  private CompiledFunction(TensorFunction f, List<TensorSpec> specs, DeviceSpec device) {
    this.specs = List.copyOf(specs);
    Graph g = new Graph();
    try {
      Ops tf = device == null ? FlatGraph.ops(g) : FlatGraph.ops(g).withDevice(device);
      List<Operand<?>> in = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        TensorSpec spec = specs.get(i);
        Placeholder<?> p = tf.withName("input_" + i)
            .placeholder(spec.type(), Placeholder.shape(Shape.of(spec.shape())));
        inputs.add(p);
        in.add(p);
      }
      List<Operand<?>> out = f.apply(tf, in);
      for (int i = 0; i < out.size(); i++) {
        // Distinct fetch names: two outputs may be one tensor (h is output and state).
        outputs.add(identity(tf.withName("output_" + i), out.get(i)));
      }
      session = new Session(g, Environment.sessionConfig());
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
    graph = g;
  }

  private static <T extends TType> Operand<T> identity(Ops tf, Operand<T> x) {
    return tf.identity(x);
  }

  /** Compiles {@code f} for inputs of the types and shapes of {@code examples}. */
  public static CompiledFunction compile(TensorFunction f, List<?> examples) {
    return compile(f, examples, null);
  }

  /**
   * Compiles {@code f} for inputs of {@code specs}; unknown dimensions (&lt; 0) accept any size
   * at each call, e.g. any sequence length for a while-loop graph.
   */
  public static CompiledFunction compileFor(TensorFunction f, List<TensorSpec> specs,
      DeviceSpec device) {
    return new CompiledFunction(f, specs, device);
  }

  /**
   * As {@link #compile(TensorFunction, List)}, with every op placed on {@code device} ({@code
   * Ops.withDevice}), e.g. {@code DeviceSpec.newBuilder().deviceType(DeviceType.GPU)
   * .deviceIndex(0).build()} with TF Java's GPU natives. Without soft placement, a device this
   * process lacks fails at the first call with TensorFlow's exception; the bit-exact promise is
   * for CPU only.
   */
  public static CompiledFunction compile(TensorFunction f, List<?> examples, DeviceSpec device) {
    return new CompiledFunction(f, examples.stream().map(TensorSpec::of).toList(), device);
  }

  /** The device every op of the graph was placed on, or "" when left to TensorFlow. */
  public String device() {
    try (Lifecycle.Lease lease = lifecycle.enter()) {
      return deviceOf(graph);
    }
  }

  private static String deviceOf(Graph graph) {
    for (var it = graph.operations(); it.hasNext(); ) {
      String d = it.next().device();
      if (!d.isEmpty()) {
        return d;
      }
    }
    return "";
  }

  /**
   * Runs the graph on {@code values}, which must match the compiled signature.
   *
   * @throws IllegalArgumentException naming the input that does not match
   * @throws ClosedException if the function was closed
   */
  public List<HostArray> call(List<?> values) {
    try (Lifecycle.Lease lease = lifecycle.enter()) {
      return run(values);
    }
  }

  private List<HostArray> run(List<?> values) {
    if (values.size() != specs.size()) {
      throw new IllegalArgumentException("expected " + specs.size() + " inputs (compiled "
          + "signature), given " + values.size());
    }
    for (int i = 0; i < values.size(); i++) {
      if (!specs.get(i).accepts(values.get(i))) {
        throw new IllegalArgumentException("input " + i + ": expected " + specs.get(i)
            + " (compiled signature, -1: any), given " + Values.describe(values.get(i)));
      }
    }
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < values.size(); i++) {
        Tensor t = Values.toTensor(values.get(i));
        fed.add(t);
        feed(runner, inputs.get(i), t);
      }
      outputs.forEach(runner::fetch);
      try (Result result = runner.run()) {
        List<HostArray> out = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
          out.add(HostArray.fromTensor(result.get(i)));
        }
        return out;
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> void feed(Session.Runner runner, Placeholder<T> p, Tensor t) {
    runner.feed(p, (T) t);
  }

  /** Number of ops in the compiled graph. */
  public long graphSize() {
    try (Lifecycle.Lease lease = lifecycle.enter()) {
      long n = 0;
      for (var it = graph.operations(); it.hasNext(); it.next()) {
        n++;
      }
      return n;
    }
  }

  /** Waits for calls in progress on other threads, then frees the session and graph. */
  @Override
  public void close() {
    if (lifecycle.close()) {
      session.close();
      graph.close();
    }
  }
}
