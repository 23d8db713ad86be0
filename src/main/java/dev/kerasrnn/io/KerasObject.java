package dev.kerasrnn.io;

import dev.kerasrnn.core.HostArray;
import java.util.List;
import java.util.Optional;

/**
 * One saveable object of a Keras 3 weights file: a group other than {@code vars}.
 *
 * @param path the object path, e.g. {@code layers/lstm/cell}; {@code ""} for the model itself
 * @param children names of its child objects in {@link NaturalOrder}
 * @param vars the datasets of its {@code vars} group in variable order, if it has that group
 */
record KerasObject(String path, List<String> children, Optional<List<HostArray>> vars) {
  KerasObject {
    children = List.copyOf(children);
    vars = vars.map(List::copyOf);
  }

  /** The path of child {@code name}. */
  String childPath(String name) {
    return path.isEmpty() ? name : path + "/" + name;
  }
}
