package dev.kerasrnn.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.io.HdfArrays;
import dev.kerasrnn.model.LoadOptions;
import dev.kerasrnn.model.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole-model case recorded by Keras ({@code kind: model}, python-fixtures/FIXTURE_FORMAT.md,
 * and the real models under {@code models/}): the model files in one of Keras's formats, the
 * inputs, and Keras's outputs from the eager {@code model(x)} and from {@code predict()}.
 */
public final class ModelCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final JsonNode json;
  private final Map<String, Object> data;

  private ModelCase(Path dir, JsonNode json, Map<String, Object> data) {
    this.dir = dir;
    this.json = json;
    this.data = data;
  }

  /** Reads {@code case.json} and {@code data.h5} of a case folder. */
  public static ModelCase load(Path dir) {
    return new ModelCase(dir, readJson(dir), HdfArrays.readValues(dir.resolve("data.h5")));
  }

  /** A copy of this case with another {@code case.json} and data (e.g. a perturbed copy). */
  ModelCase with(JsonNode otherJson, Map<String, Object> otherData) {
    return new ModelCase(dir, otherJson, Map.copyOf(otherData));
  }

  /** Every array of {@code data.h5}, by path. */
  Map<String, Object> data() {
    return data;
  }

  /** Reads {@code case.json} alone (a case without recorded data, e.g. a file Keras refuses). */
  public static ModelCase loadWithoutData(Path dir) {
    return new ModelCase(dir, readJson(dir), Map.of());
  }

  private static JsonNode readJson(Path dir) {
    Path file = dir.resolve("case.json");
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new KerasFileException(file, "", "expected JSON: " + e.getMessage(), e);
    }
  }

  public String name() {
    return json.path("name").asText(dir.getFileName().toString());
  }

  public Path dir() {
    return dir;
  }

  public JsonNode json() {
    return json;
  }

  /** {@code keras}, {@code legacy_h5}, {@code weights_h5_with_config}, ... */
  public String format() {
    return json.path("model_format").asText();
  }

  public KerasEra era() {
    return KerasEra.fromVersion(json.path("keras_version").asText());
  }

  /** The model files, as {@code files} lists them. */
  public List<Path> files() {
    return files(json.path("files"));
  }

  private List<Path> files(JsonNode list) {
    List<Path> out = new ArrayList<>();
    list.forEach(f -> out.add(dir.resolve(f.asText())));
    return out;
  }

  /**
   * Every file set of the case: {@code files} first, then each of {@code alternative_files}
   * (the same model saved in other formats), keyed by format name.
   */
  public java.util.Map<String, List<Path>> fileSets() {
    java.util.Map<String, List<Path>> out = new java.util.LinkedHashMap<>();
    out.put(format(), files());
    for (JsonNode alt : json.path("alternative_files")) {
      out.put(alt.path("model_format").asText("alternative"), files(alt.path("files")));
    }
    return out;
  }

  /**
   * The model, loaded as a user would: {@link Model#load(Path)} for a model file, {@link
   * Model#load(Path, Path)} for weights plus {@code config.json}.
   */
  public Model model() {
    return model(files());
  }

  /** The model from one of {@link #fileSets()}. */
  public Model model(List<Path> files) {
    Path config = files.stream().filter(p -> p.getFileName().toString().endsWith(".json"))
        .findFirst().orElse(null);
    if (config == null) {
      return Model.load(files.get(0));
    }
    Path weights = files.stream().filter(p -> !p.equals(config)).findFirst().orElseThrow(
        () -> new KerasFileException(dir.resolve("case.json"), "files", "no weights file"));
    return Model.load(weights, config, era(), LoadOptions.DEFAULT);
  }

  /** The inputs in feed order ({@code /inputs/<name>}): HostArray or IntArray values. */
  public List<Object> inputs() {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < json.path("inputs").size(); i++) {
      JsonNode spec = json.path("inputs").get(i);
      String key = "inputs/" + (spec.isObject() ? spec.path("name").asText(String.valueOf(i))
          : spec.isTextual() ? spec.asText() : String.valueOf(i));
      Object v = data.containsKey(key) ? data.get(key) : data.get("inputs/" + i);
      if (v == null) {
        throw new KerasFileException(dir.resolve("data.h5"), key, "missing input");
      }
      out.add(v);
    }
    return out;
  }

  /**
   * One call of a stateful case ({@code steps}): whether Keras reset the states before it, the
   * inputs in feed order and Keras's outputs.
   */
  public record Step(boolean resetBefore, List<Object> inputs, List<HostArray> outputs) {
    public Step {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  /** Whether the case is a sequence of calls on a model with stateful layers. */
  public boolean stateful() {
    return json.path("steps").isArray();
  }

  /** The calls of a stateful case in order (empty for others). */
  public List<Step> steps() {
    List<Step> out = new ArrayList<>();
    JsonNode steps = json.path("steps");
    for (int i = 0; i < steps.size(); i++) {
      List<Object> in = new ArrayList<>();
      for (JsonNode spec : json.path("inputs")) {
        String key = "steps/" + i + "/inputs/" + spec.path("name").asText();
        Object v = data.get(key);
        if (v == null) {
          throw new KerasFileException(dir.resolve("data.h5"), key, "missing step input");
        }
        in.add(v);
      }
      List<HostArray> outs = outputs("steps/" + i + "/outputs/");
      if (outs.isEmpty()) {
        throw new KerasFileException(dir.resolve("data.h5"), "steps/" + i + "/outputs",
            "missing step outputs");
      }
      out.add(new Step(steps.get(i).path("reset_before").asBoolean(false), in, outs));
    }
    return out;
  }

  /** The output names, in order. */
  public List<String> outputNames() {
    List<String> out = new ArrayList<>();
    json.path("outputs").forEach(o -> out.add(o.isTextual() ? o.asText() : o.toString()));
    return out;
  }

  /** Keras's eager {@code model(x)} outputs. */
  public List<HostArray> kerasCall() {
    return outputs("outputs/call/");
  }

  /** Keras's {@code model.predict(x)} outputs. */
  public List<HostArray> kerasPredict() {
    return outputs("outputs/predict/");
  }

  /** Whether python-fixtures/record_case.py recorded this case (a user's own model). */
  public boolean recordedByScript() {
    return json.path("recorded_by").asText("").equals("record_case.py");
  }

  /**
   * Keras's {@code model(x)} of its own reload of the file, when it was recorded beside an
   * in-memory model's outputs ({@code outputs/reload/<k>}); empty otherwise.
   */
  public List<HostArray> kerasReloadCall() {
    return outputs("outputs/reload/");
  }

  /** One layer's output as Keras computed it ({@code layer_outputs.recorded}, --layers). */
  public record LayerOutput(String name, String className, HostArray keras) {}

  /** The recorded layer outputs in model order; empty when none were recorded. */
  public List<LayerOutput> layerOutputs() {
    List<LayerOutput> out = new ArrayList<>();
    for (JsonNode e : json.path("layer_outputs").path("recorded")) {
      String key = e.path("key").asText();
      if (!(data.get(key) instanceof HostArray a)) {
        throw new KerasFileException(dir.resolve("data.h5"), key,
            "expected the float output of layer '" + e.path("name").asText() + "'");
      }
      out.add(new LayerOutput(e.path("name").asText(), e.path("class_name").asText(), a));
    }
    return out;
  }

  private List<HostArray> outputs(String prefix) {
    List<HostArray> out = new ArrayList<>();
    for (int k = 0; data.containsKey(prefix + k); k++) {
      Object v = data.get(prefix + k);
      if (!(v instanceof HostArray a)) {
        throw new KerasFileException(dir.resolve("data.h5"), prefix + k, "expected floats");
      }
      out.add(a);
    }
    return out;
  }

  @Override
  public String toString() {
    return name();
  }
}
