package dev.kerasrnn.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.io.HdfArrays;
import dev.kerasrnn.io.KerasWeightsFile;
import dev.kerasrnn.io.NamedWeight;
import dev.kerasrnn.layers.RNN;
import dev.kerasrnn.model.LayerDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One generated Keras case (see python-fixtures/FIXTURE_FORMAT.md): the layer config, the weights
 * file Keras wrote, the inputs and Keras's recorded outputs.
 */
record FixtureCase(String name, Path dir, JsonNode json, HostArray inputs,
    List<HostArray> initialState, List<HostArray> kerasCall, List<HostArray> kerasPredict) {

  static final Path ROOT = Path.of("compat-tests", "fixtures");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every case listed in the manifest, in manifest order. */
  static List<Path> all() {
    try {
      JsonNode manifest = JSON.readTree(ROOT.resolve("manifest.json").toFile());
      List<Path> out = new ArrayList<>();
      for (JsonNode n : manifest.get("cases")) {
        out.add(ROOT.resolve(n.asText()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT.resolve("manifest.json"), e);
    }
  }

  static FixtureCase load(Path dir) {
    try {
      JsonNode json = JSON.readTree(dir.resolve("case.json").toFile());
      Map<String, HostArray> data = HdfArrays.readAll(dir.resolve("data.h5"));
      List<HostArray> states = new ArrayList<>();
      for (int i = 0; data.containsKey("inputs/initial_state_" + i); i++) {
        states.add(data.get("inputs/initial_state_" + i));
      }
      int outputs = json.get("outputs").size();
      return new FixtureCase(json.get("name").asText(), dir, json, data.get("inputs/x"), states,
          outputs(data, "call", outputs), outputs(data, "predict", outputs));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read case " + dir, e);
    }
  }

  private static List<HostArray> outputs(Map<String, HostArray> data, String kind, int count) {
    List<HostArray> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      HostArray a = data.get("outputs/" + kind + "/" + k);
      if (a == null) {
        throw new IllegalStateException("missing outputs/" + kind + "/" + k);
      }
      out.add(a);
    }
    return out;
  }

  KerasEra era() {
    return KerasEra.fromVersion(json.get("keras_version").asText());
  }

  Path weightsFile() {
    return dir.resolve(json.get("weights").get("file").asText());
  }

  /** The layer rebuilt from its Keras config, with the weights read from the Keras file. */
  RNN layer() {
    Integer impl = json.has("implementation") ? json.get("implementation").asInt() : null;
    RNN layer = LayerDeserializer.deserialize(json.get("layer"), era(), impl);
    layer.build(inputs.shape());
    List<HostArray> weights = new ArrayList<>();
    for (NamedWeight w : KerasWeightsFile.singleLayerWeights(weightsFile())) {
      weights.add(w.value());
    }
    layer.setWeights(weights);
    return layer;
  }

  static Stream<Path> stream() {
    return all().stream().filter(Files::isDirectory);
  }

  @Override
  public String toString() {
    return name;
  }
}
