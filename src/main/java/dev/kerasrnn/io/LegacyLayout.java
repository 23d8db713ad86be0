package dev.kerasrnn.io;

import dev.kerasrnn.core.HostArray;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the legacy layout shared by {@code model.save("m.h5")} (below {@code /model_weights}) and
 * tf-keras {@code save_weights("w.h5")} (at the root): attribute {@code layer_names} lists one
 * group per layer, whose attribute {@code weight_names} lists dataset paths relative to that group.
 * This is what Keras's {@code load_weights_from_hdf5_group} walks.
 */
final class LegacyLayout {
  private final HdfContext hdf;
  private final HdfAttributes attributes;
  private final HdfDatasets datasets;

  LegacyLayout(HdfContext hdf) {
    this.hdf = hdf;
    this.attributes = new HdfAttributes(hdf);
    this.datasets = new HdfDatasets(hdf);
  }

  /** Whether {@code group} holds a {@code layer_names} attribute (whole or chunked). */
  boolean hasLayerNames(Group group) {
    return hdf.attribute(group, "layer_names").isPresent()
        || hdf.attribute(group, "layer_names0").isPresent();
  }

  List<LegacyLayerWeights> read(Group weightsRoot) {
    String rootPath = HdfContext.pathOf(weightsRoot);
    List<String> layerNames = attributes.stringList(weightsRoot, "layer_names")
        .orElseThrow(() -> hdf.error(rootPath, "expected attribute 'layer_names', found none"));
    List<LegacyLayerWeights> layers = new ArrayList<>(layerNames.size());
    for (String layerName : layerNames) {
      layers.add(readLayer(weightsRoot, layerName));
    }
    return List.copyOf(layers);
  }

  private LegacyLayerWeights readLayer(Group weightsRoot, String layerName) {
    String layerPath = HdfContext.join(HdfContext.pathOf(weightsRoot), layerName);
    Node node = hdf.child(weightsRoot, layerName).orElseThrow(() -> hdf.error(layerPath,
        "layer_names lists layer '" + layerName + "' but the file has no group " + layerPath));
    if (!(node instanceof Group)) {
      throw hdf.error(layerPath, "expected the group of layer '" + layerName
          + "', found " + HdfContext.kindOf(node));
    }
    Group group = (Group) node;
    List<String> weightNames = attributes.stringList(group, "weight_names").orElse(List.of());
    List<NamedWeight> weights = new ArrayList<>(weightNames.size());
    for (String weightName : weightNames) {
      weights.add(new NamedWeight(weightName, readWeight(group, layerPath, weightName)));
    }
    return new LegacyLayerWeights(layerName, weights);
  }

  private HostArray readWeight(Group layer, String layerPath, String weightName) {
    String path = HdfContext.join(layerPath, weightName);
    Node node = hdf.resolve(layer, weightName).orElseThrow(() -> hdf.error(path,
        "weight_names lists weight '" + weightName + "' but the file has no dataset " + path));
    if (!(node instanceof Dataset)) {
      throw hdf.error(path, "expected the dataset of weight '" + weightName
          + "', found " + HdfContext.kindOf(node));
    }
    return datasets.read((Dataset) node);
  }
}
