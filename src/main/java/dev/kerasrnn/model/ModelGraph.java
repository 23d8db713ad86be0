package dev.kerasrnn.model;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.layers.Layer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The calls of a model in an order where every tensor is computed before it is read; Keras's
 * {@code Functional} node ordering ({@code _build_map}). Unknown layers, node indices out of range,
 * cycles and outputs unreachable from the inputs are refused with a {@link ConfigException}.
 */
final class ModelGraph {
  /** One call: node {@code node} of {@code layer}; {@code call} null for an InputLayer. */
  record Step(LayerSpec spec, Layer layer, int node, NodeSpec call) {
    String key() {
      return spec.name() + "[" + node + "]";
    }
  }

  private ModelGraph() {}

  /**
   * Every call of every layer in dependency order.
   *
   * @param layers the built layers by name
   */
  static List<Step> order(ModelSpec spec, Map<String, Layer> layers, String where) {
    Map<String, LayerSpec> byName = new HashMap<>();
    spec.layers().forEach(l -> byName.put(l.name(), l));
    Map<String, Step> steps = new LinkedHashMap<>();
    for (LayerSpec l : spec.layers()) {
      if (l.className().equals("InputLayer")) {
        steps.put(l.name() + "[0]", new Step(l, layers.get(l.name()), 0, null));
      }
      for (int n = 0; n < l.nodes().size(); n++) {
        Step s = new Step(l, layers.get(l.name()), n, l.nodes().get(n));
        steps.put(s.key(), s);
      }
    }
    for (Step s : steps.values()) {
      if (s.call() != null) {
        for (TensorRef r : s.call().allInputs()) {
          check(r, byName, where, "layer '" + s.spec().name() + "'");
        }
      }
    }
    for (TensorRef r : spec.outputs()) {
      check(r, byName, where, "output_layers");
    }
    for (TensorRef r : spec.inputs()) {
      check(r, byName, where, "input_layers");
    }
    // Kahn's algorithm over calls.
    Map<String, Integer> pending = new HashMap<>();
    Map<String, List<Step>> consumers = new HashMap<>();
    Deque<Step> ready = new ArrayDeque<>();
    for (Step s : steps.values()) {
      Set<String> deps = new HashSet<>();
      if (s.call() != null) {
        for (TensorRef r : s.call().allInputs()) {
          deps.add(r.layer() + "[" + r.node() + "]");
        }
      }
      pending.put(s.key(), deps.size());
      for (String d : deps) {
        consumers.computeIfAbsent(d, k -> new ArrayList<>()).add(s);
      }
      if (deps.isEmpty()) {
        ready.add(s);
      }
    }
    List<Step> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      Step s = ready.poll();
      order.add(s);
      for (Step c : consumers.getOrDefault(s.key(), List.of())) {
        if (pending.merge(c.key(), -1, Integer::sum) == 0) {
          ready.add(c);
        }
      }
    }
    if (order.size() != steps.size()) {
      List<String> stuck = new ArrayList<>();
      for (Step s : steps.values()) {
        if (pending.get(s.key()) > 0) {
          stuck.add(s.key());
        }
      }
      throw new ConfigException(where + ": the layer graph has a cycle (or depends on one)"
          + " through " + stuck);
    }
    for (Step s : order) {
      if (s.call() != null && s.call().inputs().isEmpty()) {
        throw new ConfigException(where + ": layer '" + s.spec().name() + "' node " + s.node()
            + " has no input tensors");
      }
    }
    return order;
  }

  /**
   * The calls in the order Keras 3's Functional runs them ({@code ops/function.py}: {@code
   * _build_map}'s depth-first walk from the outputs, then {@code map_graph}'s depths; deepest
   * first, within a depth in the order the depths were assigned). Names in a traced graph follow
   * this order, so {@code predict()} graphs do.
   */
  static List<Step> kerasOrder(List<Step> steps, List<TensorRef> inputs,
      List<TensorRef> outputs) {
    Map<String, Step> byKey = new HashMap<>();
    steps.forEach(s -> byKey.put(s.key(), s));
    Set<String> inputKeys = new HashSet<>();
    inputs.forEach(r -> inputKeys.add(r.layer() + "[" + r.node() + "]"));
    List<Step> decreasing = new ArrayList<>();
    Set<String> finished = new HashSet<>();
    for (TensorRef o : outputs) {
      walk(o.layer() + "[" + o.node() + "]", byKey, inputKeys, finished, decreasing);
    }
    Map<String, Integer> nodeDepth = new LinkedHashMap<>();
    Map<String, Integer> layerDepth = new HashMap<>();
    for (int i = decreasing.size() - 1; i >= 0; i--) {
      Step s = decreasing.get(i);
      int depth = nodeDepth.computeIfAbsent(s.key(), k -> 0);
      depth = Math.max(depth, layerDepth.getOrDefault(s.spec().name(), 0));
      layerDepth.put(s.spec().name(), depth);
      nodeDepth.put(s.key(), depth);
      if (s.call() != null) {
        for (TensorRef r : s.call().allInputs()) {
          String p = r.layer() + "[" + r.node() + "]";
          nodeDepth.put(p, Math.max(depth + 1, nodeDepth.getOrDefault(p, 0)));
        }
      }
    }
    for (String k : inputKeys) {
      nodeDepth.putIfAbsent(k, 0);
    }
    Map<Integer, List<Step>> byDepth = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    nodeDepth.forEach((k, d) -> {
      if (byKey.containsKey(k)) {
        byDepth.computeIfAbsent(d, x -> new ArrayList<>()).add(byKey.get(k));
      }
    });
    List<Step> out = new ArrayList<>();
    byDepth.values().forEach(out::addAll);
    return out;
  }

  private static void walk(String key, Map<String, Step> byKey, Set<String> inputKeys,
      Set<String> finished, List<Step> decreasing) {
    Step s = byKey.get(key);
    if (s == null || finished.contains(key)) {
      return;
    }
    if (s.call() != null && !inputKeys.contains(key)) {
      for (TensorRef r : s.call().allInputs()) {
        walk(r.layer() + "[" + r.node() + "]", byKey, inputKeys, finished, decreasing);
      }
    }
    finished.add(key);
    decreasing.add(s);
  }

  /** The calls the outputs depend on, in {@code order}'s order. */
  static List<Step> needed(List<Step> order, List<TensorRef> outputs) {
    Map<String, Step> byKey = new HashMap<>();
    order.forEach(s -> byKey.put(s.key(), s));
    Set<String> need = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    outputs.forEach(r -> todo.add(r.layer() + "[" + r.node() + "]"));
    while (!todo.isEmpty()) {
      String k = todo.poll();
      if (need.add(k)) {
        Step s = byKey.get(k);
        if (s != null && s.call() != null) {
          s.call().allInputs().forEach(r -> todo.add(r.layer() + "[" + r.node() + "]"));
        }
      }
    }
    return order.stream().filter(s -> need.contains(s.key())).toList();
  }

  private static void check(TensorRef r, Map<String, LayerSpec> byName, String where,
      String user) {
    LayerSpec l = byName.get(r.layer());
    if (l == null) {
      throw new ConfigException(where + ": " + user + " reads tensor " + r
          + " of unknown layer '" + r.layer() + "'");
    }
    int nodes = l.className().equals("InputLayer") ? 1 : l.nodes().size();
    if (r.node() >= nodes) {
      throw new ConfigException(where + ": " + user + " reads tensor " + r + ", but layer '"
          + r.layer() + "' is called " + nodes + " time(s)");
    }
  }
}
