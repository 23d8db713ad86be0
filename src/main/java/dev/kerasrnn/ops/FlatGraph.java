package dev.kerasrnn.ops;

import dev.kerasrnn.tracing.GraphEnvironment;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.DeviceSpec;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.OpScope;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;

/**
 * A {@link Graph} to build into whose name scopes cost nothing. TF Java's own scopes read every
 * op of the graph each time a sub-scope is entered ({@code NameScope.importIdsFrom}), which made
 * building a graph quadratic in its size: a 40-step ConvLSTM model spent most of its first call
 * there. Here one map of the names in use (this builder creates every op of the graph, so the map
 * is complete) makes names unique as TF Java does ({@code name}, {@code name_1}, ...); device,
 * control dependencies and init scope are TF Java's {@link OpScope}'s. Names do not change bits:
 * compiled graphs run with graph rewrites off.
 */
public final class FlatGraph extends GraphEnvironment {
  private final Map<String, Integer> used = new HashMap<>();
  private final Scope root;

  private FlatGraph(Graph graph) {
    super(graph);
    this.root = new Names(this, new OpScope(graph), "", null);
  }

  /** Ops building into {@code graph} at its root scope; the graph must be empty. */
  public static Ops ops(Graph graph) {
    if (graph.operations().hasNext()) {
      throw new IllegalArgumentException("a FlatGraph starts from an empty graph");
    }
    return Ops.create(new FlatGraph(graph));
  }

  /** The graph {@code tf} builds into, or null when it executes eagerly. */
  public static Graph graphOf(Ops tf) {
    ExecutionEnvironment env = tf.scope().env();
    if (env instanceof FlatGraph flat) {
      return flat.graph();
    }
    return env instanceof Graph g ? g : null;
  }

  /** {@code name} under {@code prefix} made unique among the graph's names, and marked used. */
  private String unique(String prefix, String name) {
    String full = prefix.isEmpty() ? name : prefix + "/" + name;
    Integer next = used.get(full);
    if (next == null) {
      used.put(full, 1);
      return full;
    }
    int i = next;
    String candidate = full + "_" + i;
    while (used.containsKey(candidate)) {
      i++;
      candidate = full + "_" + i;
    }
    used.put(full, i + 1);
    used.put(candidate, 1);
    return candidate;
  }

  @Override
  public Scope baseScope() {
    return root;
  }

  /** A name scope: a prefix, the next op's name, TF Java's scope for the rest. */
  private record Names(FlatGraph env, Scope base, String prefix, String opName)
      implements Scope {

    @Override
    public Scope withSubScope(String childScopeName) {
      return new Names(env, base, env.unique(prefix, opName != null ? opName : childScopeName),
          null);
    }

    @Override
    public Scope withName(String name) {
      return new Names(env, base, prefix, name);
    }

    @Override
    public Scope withNameAsSubScope(String defaultName) {
      return withSubScope(opName != null ? opName : defaultName);
    }

    @Override
    public Scope withDevice(DeviceSpec newDevice) {
      return new Names(env, base.withDevice(newDevice), prefix, opName);
    }

    @Override
    public Scope withInitScope() {
      return new Names(env, base.withInitScope(), prefix, opName);
    }

    @Override
    public String makeOpName(String defaultName) {
      return env.unique(prefix, opName != null ? opName : defaultName);
    }

    @Override
    public String makeUnique(String id) {
      return env.unique(prefix, id);
    }

    @Override
    public void refreshNames() {}

    @Override
    public Scope withControlDependencyOps(Iterable<Operation> ops) {
      return new Names(env, base.withControlDependencyOps(ops), prefix, opName);
    }

    @Override
    public OperationBuilder apply(OperationBuilder builder) {
      return base.apply(builder);
    }

    @Override
    public String getDeviceString() {
      return base.getDeviceString();
    }

    @Override
    public boolean isInit() {
      return base.isInit();
    }
  }
}
