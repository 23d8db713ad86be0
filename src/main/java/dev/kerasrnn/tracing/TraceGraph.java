package dev.kerasrnn.tracing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.types.family.TType;

/**
 * A TF Python {@code FuncGraph} rebuilt in a TF Java {@link Graph}: ops named as Python names them
 * ({@link TraceScope}), the function's arguments (placeholders), the resources it captures (each
 * read variable's handle, in the order first read), and the ops that must run ({@code
 * tf.function}'s automatic control dependencies: the stateful ops, in creation order). A nested
 * graph (a while loop's body or cond) captures from its outer graph. {@link FunctionBuilder} turns
 * it into a FunctionDef with the C API Python uses.
 */
public final class TraceGraph extends GraphEnvironment implements AutoCloseable {
  private final PyNames names = new PyNames();
  private final String name;
  private final TraceGraph outer;
  private final TraceScope root;
  private final List<Output<?>> arguments = new ArrayList<>();
  /** Captured values (a resource's key, or an outer graph's output) to their placeholders. */
  private final Map<Object, Capture> captures = new LinkedHashMap<>();
  private final List<FunctionDef> functions = new ArrayList<>();
  private final List<Operation> mustRun = new ArrayList<>();
  private final java.util.Set<Operation> reads = new java.util.HashSet<>();

  /**
   * @param name the function name (a While body's {@code <scope>_body}, ...)
   * @param outer the enclosing graph for a nested function, or null
   * @param stack the name scope the graph starts in ({@code ""}; a while loop's body and cond
   *     start in the loop's scope)
   */
  public TraceGraph(String name, TraceGraph outer, String stack) {
    super(new Graph());
    this.name = name;
    this.outer = outer;
    this.root = new TraceScope(this, stack, null, List.of());
  }

  public String name() {
    return name;
  }

  /** The enclosing graph, or null. */
  public TraceGraph outer() {
    return outer;
  }

  PyNames names() {
    return names;
  }

  /** Ops building into this graph, at its root scope. */
  public Ops ops() {
    return Ops.create(this);
  }

  /**
   * A function argument: a Placeholder named {@code name} (made unique at the root scope), with
   * Python's {@code _user_specified_name}.
   */
  public <T extends TType> Output<T> argument(String argName, DataType dtype, Shape shape,
      String userSpecifiedName) {
    Output<T> out = placeholder(root, argName, dtype, shape, userSpecifiedName);
    arguments.add(out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private <T extends TType> Output<T> placeholder(TraceScope scope, String opName, DataType dtype,
      Shape shape, String userSpecifiedName) {
    OperationBuilder b = graph().opBuilder("Placeholder", scope.makeOpName(opName), scope)
        .setAttr("dtype", dtype)
        .setAttr("shape", shape);
    if (userSpecifiedName != null) {
      b.setAttr("_user_specified_name", userSpecifiedName);
    }
    return (Output<T>) b.build().output(0);
  }

  /**
   * The placeholder standing for {@code key} in this graph: created on first use as {@code
   * <scope>/<opName>} (made unique) with {@code _user_specified_name}; captures become the
   * function's last arguments, in this order. {@code external} is what the caller passes for it:
   * for a nested graph the outer graph's value, for the outermost graph the key itself.
   */
  public Output<?> capture(Object key, Object external, TraceScope scope, String opName,
      DataType dtype, Shape shape, String userSpecifiedName) {
    Capture c = captures.get(key);
    if (c == null) {
      c = new Capture(placeholder(scope, opName, dtype, shape, userSpecifiedName), external);
      captures.put(key, c);
    }
    return c.placeholder();
  }

  /** A captured value: its placeholder here, and what the caller passes for it. */
  public record Capture(Output<?> placeholder, Object external) {}

  /** The captures in capture order (what the caller passes after the arguments). */
  public List<Capture> captures() {
    return List.copyOf(captures.values());
  }

  /**
   * {@code outer}'s tensor {@code value} used in this nested graph, as TF Python captures it: a
   * placeholder named {@code <scope>/<the tensor's op name>} (the scope is the op's being built).
   */
  public Output<?> captureOuter(Output<?> value, TraceScope scope) {
    if (outer == null) {
      throw new IllegalStateException("graph '" + name + "' has no outer graph to capture from");
    }
    return capture(value, value, scope, value.op().name(), value.dataType(), value.shape(),
        value.op().name());
  }

  /**
   * A resource variable's handle, keyed by {@code key} (the variable), as the placeholder Python
   * makes for the eager handle a graph captures ({@code <scope>/resource}, user-specified name
   * {@code resource}); a nested graph captures the outer graph's handle, capturing it there
   * first if needed.
   */
  public Output<?> resource(Object key, TraceScope scope) {
    Capture c = captures.get(key);
    if (c != null) {
      return c.placeholder();
    }
    Object external = outer == null ? key : outer.resource(key, (TraceScope) outer.baseScope());
    return capture(key, external, scope, "resource", DataType.DT_RESOURCE, Shape.scalar(),
        "resource");
  }

  /**
   * {@code ReadVariableOp} of the variable {@code key} in {@code scope}, as {@code
   * read_variable_op} builds it: the op scope {@code ReadVariableOp} (made unique), the handle
   * captured inside it, the op named after it; the read must run.
   */
  @SuppressWarnings("unchecked")
  public <T extends TType> Output<T> readVariable(Object key, DataType dtype, long[] shape,
      TraceScope scope) {
    TraceScope opScope = scope.withSubScope("ReadVariableOp");
    Output<?> handle = resource(key, opScope);
    Operation op = graph().opBuilder("ReadVariableOp", opScope.stack(), scope)
        .addInput(handle)
        .setAttr("dtype", dtype)
        .build();
    reads.add(op);
    mustRun(op);
    // Python's placeholder carries the variable's shape as handle data, which the C API cannot
    // set; the read's shape is set instead, so that shape inference downstream sees the same.
    FunctionBuilder.setShape(graph(), op.output(0), shape);
    return (Output<T>) op.output(0);
  }

  /** Adds a function this graph calls (a while loop's body and cond) to its library. */
  public void addFunction(FunctionDef def) {
    FunctionBuilder.addTo(graph(), def);
    functions.add(def);
    if (outer != null) {
      outer.functionsOfNested(def);
    }
  }

  private void functionsOfNested(FunctionDef def) {
    functions.add(def);
    if (outer != null) {
      outer.functionsOfNested(def);
    }
  }

  /** Every function this graph (and the graphs nested in it) call. */
  public List<FunctionDef> functions() {
    return List.copyOf(functions);
  }

  /** The explicit arguments, then the captures: the function's inputs in order. */
  public List<Output<?>> inputs() {
    List<Output<?>> all = new ArrayList<>(arguments);
    captures.values().forEach(c -> all.add(c.placeholder()));
    return all;
  }

  /** Records a stateful op that must run ({@code tf.function}'s control outputs). */
  public void mustRun(Operation op) {
    mustRun.add(op);
  }

  /**
   * The ops that must run, in creation order, as automatic control dependencies choose them:
   * every stateful op, and each variable read whose value is used.
   */
  public List<Operation> mustRunOps() {
    List<Operation> run = new ArrayList<>();
    for (Operation op : mustRun) {
      if (!reads.contains(op) || ((org.tensorflow.GraphOperation) op).numConsumers() > 0) {
        run.add(op);
      }
    }
    return run;
  }

  /**
   * Ends the function as {@code tf.function} does: a {@code NoOp} depending on every op that
   * must run, and one {@code Identity} per output depending on it (named in the graph's root
   * scope); returns the identities.
   */
  public List<Output<?>> finish(List<? extends Operand<?>> outputs) {
    Ops tf = ops();
    List<Operation> run = mustRunOps();
    Operation noOp = run.isEmpty() ? null
        : tf.withName("NoOp").withControlDependencyOps(run).noOp().op();
    List<Output<?>> done = new ArrayList<>();
    for (Operand<?> o : outputs) {
      Ops t = noOp == null ? tf : tf.withControlDependencyOps(List.of(noOp));
      done.add(t.withName("Identity").identity(o).asOutput());
    }
    return done;
  }

  /** Names come from {@link TraceScope}. */
  @Override
  public Scope baseScope() {
    return root;
  }

  /** The ops in creation order, arguments and captures excluded. */
  public List<GraphOperation> body() {
    List<Operation> in = new ArrayList<>();
    inputs().forEach(o -> in.add(o.op()));
    List<GraphOperation> out = new ArrayList<>();
    graph().operations().forEachRemaining(op -> {
      if (!in.contains(op)) {
        out.add((GraphOperation) op);
      }
    });
    return out;
  }

  @Override
  public void close() {
    graph().close();
  }
}
