package dev.kerasrnn.io;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything {@link KerasWeightsFile} exposes, read eagerly from one file. */
record Contents(
    KerasWeightsFile.Format format,
    Optional<String> kerasVersion,
    Optional<String> modelConfigJson,
    List<LegacyLayerWeights> legacyLayers,
    Map<String, KerasObject> objects) {

  Contents {
    legacyLayers = List.copyOf(legacyLayers);
  }

  /** Fills in the version and config a {@code .keras} archive keeps outside its HDF5 file. */
  Contents withArchiveMetadata(Optional<String> archiveVersion, Optional<String> archiveConfig) {
    return new Contents(format, kerasVersion.or(() -> archiveVersion),
        modelConfigJson.or(() -> archiveConfig), legacyLayers, objects);
  }
}
