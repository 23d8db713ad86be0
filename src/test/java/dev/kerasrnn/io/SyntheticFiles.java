package dev.kerasrnn.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Small HDF5 files written at test time with jhdf's writer, in the shapes Keras gives them, for
 * cases the committed fixtures do not contain (broken indexes, unusual dtypes, many variables).
 */
final class SyntheticFiles {
  private SyntheticFiles() {}

  static Path write(Path file, Consumer<WritableGroup> content) {
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      content.accept(hdf);
    }
    return file;
  }

  /** A tf-keras weights-only layout: root {@code layer_names}, one group per layer. */
  static Path legacyWeights(Path file, String[] layerNames, Consumer<WritableGroup> layers) {
    return write(file, root -> {
      root.putAttribute("keras_version", "2.18.0");
      root.putAttribute("backend", "tensorflow");
      root.putAttribute("layer_names", layerNames);
      layers.accept(root);
    });
  }

  /** A layer group with {@code weight_names}; the first {@code values.size()} names get data. */
  static WritableGroup layer(WritableGroup parent, String name, String[] weightNames,
      List<?> values) {
    WritableGroup layer = parent.putGroup(name);
    layer.putAttribute("weight_names", weightNames);
    for (int i = 0; i < values.size(); i++) {
      putNested(layer, weightNames[i], values.get(i));
    }
    return layer;
  }

  /** Puts {@code value} at a relative path such as {@code a/b/kernel:0}, creating groups. */
  static void putNested(WritableGroup group, String path, Object value) {
    int slash = path.indexOf('/');
    if (slash < 0) {
      group.putDataset(path, value);
      return;
    }
    String head = path.substring(0, slash);
    WritableGroup child = group.getChild(head) instanceof WritableGroup
        ? (WritableGroup) group.getChild(head)
        : group.putGroup(head);
    putNested(child, path.substring(slash + 1), value);
  }
}
