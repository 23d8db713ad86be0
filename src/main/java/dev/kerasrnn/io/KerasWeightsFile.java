package dev.kerasrnn.io;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The weights of a Keras model file, read eagerly: what Keras's {@code model.load_weights(path)}
 * would read. Supports the three HDF5 layouts of {@link Format}, detected by content (not by file
 * extension), and a Keras 3 {@code .keras} zip, whose {@code model.weights.h5} has the
 * {@link Format#KERAS_WEIGHTS_H5} layout.
 *
 * <p>{@link #open} reads every weight into a {@link HostArray} and closes the HDF5 file before it
 * returns, so instances are immutable and hold no file handle; {@link #close} exists for
 * try-with-resources symmetry and releases nothing.
 *
 * <p>All read failures are {@link KerasFileException}s naming the file and the path inside it.
 */
public final class KerasWeightsFile implements AutoCloseable {
  /** The HDF5 layouts Keras writes weights in. */
  public enum Format {
    /** Keras 3 {@code save_weights("m.weights.h5")}: {@code /layers/<name>/.../vars/0..n-1}. */
    KERAS_WEIGHTS_H5,
    /** Legacy {@code model.save("m.h5")}: {@code /model_weights} with {@code layer_names}. */
    LEGACY_H5_MODEL,
    /** tf-keras {@code model.save_weights("w.h5")}: {@code layer_names} at the root. */
    LEGACY_H5_WEIGHTS
  }

  private final Path file;
  private final Contents contents;

  private KerasWeightsFile(Path file, Contents contents) {
    this.file = file;
    this.contents = contents;
  }

  /**
   * Reads a Keras weights file ({@code .weights.h5}, legacy {@code .h5} or {@code .keras}).
   *
   * @throws KerasFileException if the file is missing, empty, not HDF5 (nor a {@code .keras} zip),
   *     truncated, in neither Keras layout, or lacks an entry its own index names
   */
  public static KerasWeightsFile open(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] head = HdfOpener.head(file);
    if (KerasArchive.isArchive(head)) {
      KerasArchive archive = KerasArchive.read(file);
      Contents contents = HdfOpener.readBytes(file, KerasArchive.WEIGHTS_ENTRY,
          archive.weightsH5(), hdf -> new ContentReader(hdf).read());
      return new KerasWeightsFile(file,
          contents.withArchiveMetadata(archive.kerasVersion(), archive.configJson()));
    }
    return new KerasWeightsFile(file,
        HdfOpener.readFile(file, head, hdf -> new ContentReader(hdf).read()));
  }

  /**
   * The weights of the only layer that has any, in the order Keras assigns them: for legacy files
   * the layer's {@code weight_names} order; for Keras 3 files {@code vars/0..n-1} of the only
   * object with variables, named {@code <object path>/vars/<i>}.
   *
   * @throws WeightsException if no layer or more than one layer has weights
   */
  public static List<NamedWeight> singleLayerWeights(Path file) {
    try (KerasWeightsFile weights = open(file)) {
      return weights.format() == Format.KERAS_WEIGHTS_H5
          ? weights.onlyObjectWeights()
          : weights.onlyLegacyLayerWeights();
    }
  }

  /** The layout of the file. */
  public Format format() {
    return contents.format();
  }

  /** The file this was read from. */
  public Path file() {
    return file;
  }

  /**
   * The {@code keras_version} that wrote the file: the root attribute, else that of
   * {@code /model_weights}, else a {@code .keras} archive's {@code metadata.json}. Keras 3
   * {@code .weights.h5} files do not record it.
   */
  public Optional<String> kerasVersion() {
    return contents.kerasVersion();
  }

  /**
   * The model architecture as JSON ({@code model.to_json()}): the root attribute
   * {@code model_config} of a legacy model file, or {@code config.json} of a {@code .keras}
   * archive.
   */
  public Optional<String> modelConfigJson() {
    return contents.modelConfigJson();
  }

  /**
   * Every layer of a legacy file in {@code layer_names} order, weightless ones included.
   *
   * @throws IllegalStateException if the file is in the Keras 3 layout
   */
  public List<LegacyLayerWeights> legacyLayers() {
    requireFormat(Format.LEGACY_H5_MODEL, Format.LEGACY_H5_WEIGHTS);
    return contents.legacyLayers();
  }

  /**
   * The variables of a Keras 3 object, as {@code Layer.load_own_variables} reads them: the datasets
   * of {@code <objectPath>/vars} in index order, e.g. {@code vars("layers/lstm/cell")} gives
   * kernel, recurrent_kernel, bias. Empty if the object or its {@code vars} group does not exist.
   *
   * @param objectPath a path such as {@code layers/lstm/cell}; {@code ""} for the model itself
   * @throws IllegalStateException if the file is in a legacy layout
   */
  public Optional<List<HostArray>> vars(String objectPath) {
    requireFormat(Format.KERAS_WEIGHTS_H5);
    KerasObject object = contents.objects().get(normalize(objectPath));
    return object == null ? Optional.empty() : object.vars();
  }

  /**
   * The names of the child objects of a Keras 3 object, in natural order ({@code lstm_2} before
   * {@code lstm_10}), e.g. {@code children("layers")} lists the saved layers.
   *
   * @throws KerasFileException if the file has no such object
   * @throws IllegalStateException if the file is in a legacy layout
   */
  public List<String> children(String objectPath) {
    requireFormat(Format.KERAS_WEIGHTS_H5);
    KerasObject object = contents.objects().get(normalize(objectPath));
    if (object == null) {
      throw new KerasFileException(file, "/" + normalize(objectPath),
          "expected a saved Keras object (an HDF5 group), found none");
    }
    return object.children();
  }

  /**
   * Every Keras 3 object path with a non-empty {@code vars} group, depth first with children in
   * natural order, e.g. {@code [layers/lstm/cell]}.
   *
   * @throws IllegalStateException if the file is in a legacy layout
   */
  public List<String> objectsWithVars() {
    requireFormat(Format.KERAS_WEIGHTS_H5);
    return contents.objects().values().stream()
        .filter(o -> o.vars().map(v -> !v.isEmpty()).orElse(false))
        .map(KerasObject::path)
        .collect(Collectors.toUnmodifiableList());
  }

  /** Releases nothing: the file was read and closed by {@link #open}. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "KerasWeightsFile[" + file + ", " + format() + "]";
  }

  private List<NamedWeight> onlyObjectWeights() {
    List<String> objects = objectsWithVars();
    String path = only(objects, "objects with variables");
    List<HostArray> vars = vars(path).orElseThrow();
    List<NamedWeight> weights = new ArrayList<>(vars.size());
    for (int i = 0; i < vars.size(); i++) {
      weights.add(new NamedWeight(path + "/vars/" + i, vars.get(i)));
    }
    return List.copyOf(weights);
  }

  private List<NamedWeight> onlyLegacyLayerWeights() {
    List<LegacyLayerWeights> withWeights = legacyLayers().stream()
        .filter(l -> !l.weights().isEmpty())
        .collect(Collectors.toList());
    String name = only(withWeights.stream().map(LegacyLayerWeights::layerName)
        .collect(Collectors.toList()), "layers with weights");
    return withWeights.stream().filter(l -> l.layerName().equals(name)).findFirst()
        .orElseThrow().weights();
  }

  private String only(List<String> found, String what) {
    if (found.size() != 1) {
      throw new WeightsException("file '" + file + "': expected exactly one layer with weights,"
          + " found " + found.size() + " " + what + " " + found);
    }
    return found.get(0);
  }

  private void requireFormat(Format... accepted) {
    for (Format f : accepted) {
      if (f == format()) {
        return;
      }
    }
    throw new IllegalStateException("file '" + file + "' is " + format() + "; this applies to "
        + Arrays.toString(accepted));
  }

  private static String normalize(String objectPath) {
    Objects.requireNonNull(objectPath, "objectPath");
    return objectPath.replaceAll("^/+|/+$", "");
  }
}
