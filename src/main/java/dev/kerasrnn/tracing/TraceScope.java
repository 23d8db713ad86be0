package dev.kerasrnn.tracing;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Scope;

/**
 * A TF Java {@link Scope} that names ops as TF Python names them in a {@code FuncGraph}: {@link
 * #withSubScope} enters a Python {@code name_scope} (the scope name is made unique and used up,
 * a name ending in {@code /} is reused as is), {@link #withName} gives the next op a name that
 * is made unique, and a name starting with {@code /} is taken as the op's full name, unchanged
 * (as Python's ops named after the {@code name_scope} they were created in).
 */
public final class TraceScope implements Scope {
  private final TraceGraph graph;
  private final String stack;
  private final String opName;
  private final List<Operation> controls;

  TraceScope(TraceGraph graph, String stack, String opName, List<Operation> controls) {
    this.graph = graph;
    this.stack = stack;
    this.opName = opName;
    this.controls = controls;
  }

  /** The graph the ops go to. */
  public TraceGraph graph() {
    return graph;
  }

  /** The current name scope ("" at the root), without a trailing slash. */
  public String stack() {
    return stack;
  }

  @Override
  public ExecutionEnvironment env() {
    return graph;
  }

  @Override
  public TraceScope withSubScope(String childScopeName) {
    return new TraceScope(graph, graph.names().enterScope(stack, childScopeName), null, controls);
  }

  @Override
  public TraceScope withName(String name) {
    return new TraceScope(graph, stack, name, controls);
  }

  @Override
  public TraceScope withNameAsSubScope(String defaultName) {
    return withSubScope(opName != null ? opName : defaultName);
  }

  @Override
  public TraceScope withDevice(DeviceSpec newDevice) {
    throw new UnsupportedOperationException("device placement is not traced");
  }

  @Override
  public TraceScope withInitScope() {
    throw new UnsupportedOperationException("init scopes are not traced");
  }

  @Override
  public String makeOpName(String defaultName) {
    if (opName != null && opName.startsWith("/")) {
      return opName.substring(1);  // Python marks nothing for a name taken from a scope
    }
    return graph.names().unique(stack, opName != null ? opName : defaultName);
  }

  @Override
  public String makeUnique(String id) {
    return graph.names().unique(stack, id);
  }

  @Override
  public void refreshNames() {}

  @Override
  public TraceScope withControlDependencyOps(Iterable<Operation> ops) {
    List<Operation> all = new ArrayList<>();
    ops.forEach(all::add);
    return new TraceScope(graph, stack, opName, List.copyOf(all));
  }

  @Override
  public OperationBuilder apply(OperationBuilder builder) {
    for (Operation c : controls) {
      builder.addControlInput(c);
    }
    return builder;
  }

  @Override
  public String getDeviceString() {
    return "";
  }

  @Override
  public boolean isInit() {
    return false;
  }
}
