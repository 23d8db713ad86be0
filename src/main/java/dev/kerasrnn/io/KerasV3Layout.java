package dev.kerasrnn.io;

import dev.kerasrnn.core.HostArray;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the Keras 3 layout ({@code saving_lib.H5IOStore}): every group is an object and its
 * {@code vars} subgroup holds datasets {@code "0", "1", ...} in variable order. Like Keras's
 * {@code H5Entry}, a group {@code _layer_checkpoint_dependencies} (Keras 2.13-era files) stands for
 * {@code layers}; object paths always use {@code layers}. The root {@code optimizer} subtree is
 * optimizer state, not weights, and is skipped.
 */
final class KerasV3Layout {
  static final String VARS = "vars";
  static final String LAYERS = "layers";
  static final String LEGACY_LAYERS = "_layer_checkpoint_dependencies";
  private static final String OPTIMIZER = "optimizer";

  private final HdfContext hdf;
  private final HdfDatasets datasets;

  KerasV3Layout(HdfContext hdf) {
    this.hdf = hdf;
    this.datasets = new HdfDatasets(hdf);
  }

  /** Whether the root looks like a Keras 3 weights file. */
  boolean matches(Group root) {
    Map<String, Node> children = hdf.children(root);
    return children.get(LAYERS) instanceof Group
        || children.get(LEGACY_LAYERS) instanceof Group
        || children.get(VARS) instanceof Group;
  }

  /** All objects by path, in depth-first order with children in {@link NaturalOrder}. */
  Map<String, KerasObject> read(Group root) {
    Map<String, KerasObject> objects = new LinkedHashMap<>();
    collect(root, "", 0, objects);
    return Collections.unmodifiableMap(objects);
  }

  private void collect(Group group, String path, int depth, Map<String, KerasObject> out) {
    hdf.visit(group, depth);
    Map<String, Node> members = hdf.children(group);
    Map<String, Group> children = childObjects(members, path.isEmpty());
    Optional<List<HostArray>> vars = Optional.ofNullable(members.get(VARS))
        .map(this::readVars);
    KerasObject object = new KerasObject(path, new ArrayList<>(children.keySet()), vars);
    out.put(path, object);
    children.forEach((name, child) -> collect(child, object.childPath(name), depth + 1, out));
  }

  /** Child groups other than {@code vars}, keyed by canonical name, in natural order. */
  private static Map<String, Group> childObjects(Map<String, Node> members, boolean atRoot) {
    Map<String, Group> children = new TreeMap<>(NaturalOrder.INSTANCE);
    members.forEach((name, node) -> {
      boolean skipped = name.equals(VARS) || (atRoot && name.equals(OPTIMIZER))
          || (name.equals(LEGACY_LAYERS) && members.containsKey(LAYERS));
      if (node instanceof Group && !skipped) {
        children.put(name.equals(LEGACY_LAYERS) ? LAYERS : name, (Group) node);
      }
    });
    return children;
  }

  private List<HostArray> readVars(Node node) {
    String path = HdfContext.pathOf(node);
    if (!(node instanceof Group)) {
      throw hdf.error(path, "expected a group of variables, found " + HdfContext.kindOf(node));
    }
    Map<Integer, Dataset> byIndex = new TreeMap<>();
    hdf.visit(node, 0);
    hdf.children((Group) node).forEach((name, member) -> {
      Integer index = variableIndex(name);
      if (index == null || !(member instanceof Dataset)) {
        throw hdf.error(HdfContext.join(path, name), "expected variable datasets named 0, 1, ...,"
            + " found " + HdfContext.kindOf(member) + " named '" + name + "'");
      }
      byIndex.put(index, (Dataset) member);
    });
    List<HostArray> vars = new ArrayList<>(byIndex.size());
    for (Map.Entry<Integer, Dataset> e : byIndex.entrySet()) {
      if (e.getKey() != vars.size()) {
        throw hdf.error(path, "expected variable datasets 0.." + (byIndex.size() - 1)
            + ", found " + byIndex.keySet());
      }
      vars.add(datasets.read(e.getValue()));
    }
    return vars;
  }

  /** The index a dataset name stands for ("0", "12"), or null if it is not a plain index. */
  private static Integer variableIndex(String name) {
    boolean digits = !name.isEmpty() && name.length() < 10
        && name.chars().allMatch(c -> c >= '0' && c <= '9');
    boolean plain = digits && (name.equals("0") || name.charAt(0) != '0');
    return plain ? Integer.valueOf(name) : null;
  }
}
