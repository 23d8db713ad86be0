package dev.kerasrnn.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;

/**
 * A {@code tf.function} concrete function rebuilt in Java: its FunctionDef library (the entry
 * function and every function it calls), and what its captured arguments stand for (the keys the
 * body read, in capture order). {@link EagerFunction} runs it as Python calls it.
 */
public final class TracedFunction {
  private static final AtomicLong UID = new AtomicLong(1);

  private final FunctionDefLibrary library;
  private final String entry;
  private final List<Object> captures;
  private final int outputs;

  private TracedFunction(FunctionDefLibrary library, String entry, List<Object> captures,
      int outputs) {
    this.library = library;
    this.entry = entry;
    this.captures = List.copyOf(captures);
    this.outputs = outputs;
  }

  /** One argument of the function: its placeholder name, dtype and static shape. */
  public record Argument(String name, DataType dtype, Shape shape) {}

  /** The traced Python function's body, on the arguments' placeholders. */
  public interface Body {
    List<Operand<?>> apply(Ops tf, List<Output<?>> arguments);
  }

  /**
   * Traces {@code body} into the function {@code <name>_<uid>} (TF Python's {@code
   * __inference_<python name>_<uid>}): the arguments become placeholders with {@code
   * _user_specified_name}, the outputs identities after every op that must run.
   */
  public static TracedFunction trace(String name, List<Argument> arguments, Body body) {
    try (TraceGraph g = new TraceGraph(name + "_" + UID.incrementAndGet(), null, "")) {
      List<Output<?>> args = new ArrayList<>();
      for (Argument a : arguments) {
        args.add(g.argument(a.name(), a.dtype(), a.shape(), a.name()));
      }
      List<Operand<?>> results = body.apply(g.ops(), args);
      List<Output<?>> outs = g.finish(results);
      FunctionDef def = FunctionBuilder.build(g, outs, WhileV2.constructionContext());
      FunctionDefLibrary.Builder lib = FunctionDefLibrary.newBuilder().addFunction(def);
      lib.addAllFunction(g.functions());
      List<Object> keys = new ArrayList<>();
      g.captures().forEach(c -> keys.add(c.external()));
      return new TracedFunction(lib.build(), g.name(), keys, outs.size());
    }
  }

  /** The entry function and every function it calls. */
  public FunctionDefLibrary library() {
    return library;
  }

  /** The entry function's name. */
  public String entry() {
    return entry;
  }

  /** What each captured argument (after the explicit ones) stands for, in order. */
  public List<Object> captures() {
    return captures;
  }

  public int outputCount() {
    return outputs;
  }
}
