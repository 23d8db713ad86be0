package dev.kerasrnn.io;

import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Detects which Keras layout an open HDF5 file has, by content, and reads it. */
final class ContentReader {
  private static final String MODEL_WEIGHTS = "model_weights";

  private final HdfContext hdf;
  private final HdfAttributes attributes;
  private final LegacyLayout legacy;
  private final KerasV3Layout v3;

  ContentReader(HdfContext hdf) {
    this.hdf = hdf;
    this.attributes = new HdfAttributes(hdf);
    this.legacy = new LegacyLayout(hdf);
    this.v3 = new KerasV3Layout(hdf);
  }

  Contents read() {
    Group root = hdf.root();
    Optional<String> version = attributes.string(root, "keras_version");
    if (legacy.hasLayerNames(root)) {
      return new Contents(KerasWeightsFile.Format.LEGACY_H5_WEIGHTS, version,
          attributes.string(root, "model_config"), legacy.read(root), Map.of());
    }
    Optional<Group> modelWeights = hdf.child(root, MODEL_WEIGHTS)
        .filter(Group.class::isInstance).map(Group.class::cast);
    if (modelWeights.isPresent()) {
      Group weights = modelWeights.get();
      if (!legacy.hasLayerNames(weights)) {
        throw hdf.error(HdfContext.pathOf(weights), "expected attribute 'layer_names' of a legacy"
            + " Keras model file, found attributes " + attributeNames(weights));
      }
      return new Contents(KerasWeightsFile.Format.LEGACY_H5_MODEL,
          version.or(() -> attributes.string(weights, "keras_version")),
          attributes.string(root, "model_config"), legacy.read(weights), Map.of());
    }
    if (v3.matches(root)) {
      return new Contents(KerasWeightsFile.Format.KERAS_WEIGHTS_H5, version,
          Optional.empty(), List.of(), v3.read(root));
    }
    throw hdf.error("/", "not a Keras weights file: expected root attribute 'layer_names', group"
        + " '/model_weights' or group '/layers', found members "
        + new TreeSet<>(hdf.children(root).keySet()) + " and attributes " + attributeNames(root));
  }

  private TreeSet<String> attributeNames(Node node) {
    return new TreeSet<>(hdf.guard(HdfContext.pathOf(node), "the attributes",
        node::getAttributes).keySet());
  }
}
