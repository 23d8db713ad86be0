package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.io.HdfArrays;
import dev.kerasrnn.io.KerasWeightsFile;
import dev.kerasrnn.io.NamedWeight;
import dev.kerasrnn.layers.RNN;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A single-layer case recorded by Keras (python-fixtures/FIXTURE_FORMAT.md): the layer config,
 * the weights file Keras wrote, the inputs, and Keras's outputs from {@code model(x)} and from
 * {@code predict()}.
 */
public record RecordedCase(String name, Path dir, JsonNode json, HostArray inputs,
    List<HostArray> initialState, List<HostArray> kerasCall, List<HostArray> kerasPredict) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public RecordedCase {
    initialState = List.copyOf(initialState);
    kerasCall = List.copyOf(kerasCall);
    kerasPredict = List.copyOf(kerasPredict);
  }

  /** The case names listed in {@code <root>/manifest.json}, as folders under root. */
  public static List<Path> all(Path root) {
    JsonNode manifest = readJson(root.resolve("manifest.json"));
    List<Path> out = new ArrayList<>();
    for (JsonNode n : manifest.path("cases")) {
      out.add(root.resolve(n.asText()));
    }
    return out;
  }

  /** Reads {@code case.json} and {@code data.h5} of one case folder. */
  public static RecordedCase load(Path dir) {
    JsonNode json = readJson(dir.resolve("case.json"));
    Map<String, HostArray> data = HdfArrays.readAll(dir.resolve("data.h5"));
    List<HostArray> states = new ArrayList<>();
    for (int i = 0; data.containsKey("inputs/initial_state_" + i); i++) {
      states.add(data.get("inputs/initial_state_" + i));
    }
    int outputs = json.path("outputs").size();
    return new RecordedCase(json.path("name").asText(), dir, json,
        require(dir, data, "inputs/x"), states, outputs(dir, data, "call", outputs),
        outputs(dir, data, "predict", outputs));
  }

  /** Names of the outputs in order, e.g. {@code output, state_h, state_c}. */
  public String outputName(int k) {
    return json.path("outputs").path(k).asText();
  }

  public KerasEra era() {
    return KerasEra.fromVersion(json.path("keras_version").asText());
  }

  public Path weightsFile() {
    return dir.resolve(json.path("weights").path("file").asText());
  }

  /** The layer rebuilt from its Keras config, built for the inputs, weights read from the file. */
  public RNN layer() {
    Integer impl = json.path("implementation").canConvertToInt()
        ? json.get("implementation").asInt() : null;
    RNN layer = LayerDeserializer.deserialize(json.get("layer"), era(), impl);
    layer.build(inputs.shape());
    layer.setWeights(KerasWeightsFile.singleLayerWeights(weightsFile()).stream()
        .map(NamedWeight::value).toList());
    return layer;
  }

  /** Shapes of the initial states, for compiling. */
  public List<long[]> initialStateShapes() {
    return initialState.stream().map(HostArray::shape).toList();
  }

  private static List<HostArray> outputs(Path dir, Map<String, HostArray> data, String kind,
      int count) {
    List<HostArray> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      out.add(require(dir, data, "outputs/" + kind + "/" + k));
    }
    return out;
  }

  private static HostArray require(Path dir, Map<String, HostArray> data, String path) {
    HostArray a = data.get(path);
    if (a == null) {
      throw new KerasFileException(dir.resolve("data.h5"), path, "expected a dataset, found none");
    }
    return a;
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new KerasFileException(file, null, "expected JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
