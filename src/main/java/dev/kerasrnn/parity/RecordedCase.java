package dev.kerasrnn.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.io.HdfArrays;
import dev.kerasrnn.layers.MaskedOutput;
import dev.kerasrnn.layers.core.Embedding;
import dev.kerasrnn.layers.core.Masking;
import dev.kerasrnn.layers.rnn.RNNCell;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.layers.rnn.RnnReaders;
import dev.kerasrnn.layers.rnn.TimeLoop;
import dev.kerasrnn.model.LayerRegistry;
import dev.kerasrnn.model.LoadOptions;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.model.WeightLoader;
import dev.kerasrnn.runtime.CellFunction;
import dev.kerasrnn.runtime.CellStep;
import dev.kerasrnn.runtime.CompiledFunction;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import dev.kerasrnn.runtime.TensorFunction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * A case recorded by Keras (python-fixtures/FIXTURE_FORMAT.md): the layer config (and an optional
 * Masking / Embedding before it), the weights file Keras wrote, the inputs, and Keras's outputs
 * from {@code model(x)} and from {@code predict()} — or, for a stateful case, a sequence of calls;
 * or, for a {@code cell_call} case, one direct {@code cell(x, states)} with the cell's weights in
 * data.h5.
 */
public final class RecordedCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One call of a stateful case: reset first or not, its input and Keras's outputs. */
  public record Step(boolean resetBefore, HostArray inputs, List<HostArray> outputs) {}

  private final Path dir;
  private final JsonNode json;
  private final Map<String, Object> data;

  private RecordedCase(Path dir, JsonNode json, Map<String, Object> data) {
    this.dir = dir;
    this.json = json;
    this.data = data;
  }

  /** The case folders listed in {@code <root>/manifest.json}. */
  public static List<Path> all(Path root) {
    JsonNode manifest = readJson(root.resolve("manifest.json"));
    List<Path> out = new ArrayList<>();
    for (JsonNode n : manifest.path("cases")) {
      out.add(root.resolve(n.asText()));
    }
    return out;
  }

  /** The kind a case folder holds ({@code layer}, {@code bidirectional}, ...), from case.json. */
  public static String kindOf(Path dir) {
    return readJson(dir.resolve("case.json")).path("kind").asText("layer");
  }

  /** Reads {@code case.json} and {@code data.h5} of one case folder. */
  public static RecordedCase load(Path dir) {
    return new RecordedCase(dir, readJson(dir.resolve("case.json")),
        HdfArrays.readValues(dir.resolve("data.h5")));
  }

  public String name() {
    return json.path("name").asText();
  }

  public Path dir() {
    return dir;
  }

  public JsonNode json() {
    return json;
  }

  public String kind() {
    return json.path("kind").asText("layer");
  }

  public KerasEra era() {
    return KerasEra.fromVersion(json.path("keras_version").asText());
  }

  public Path weightsFile() {
    return dir.resolve(json.path("weights").path("file").asText());
  }

  /** The name of output {@code k}, e.g. {@code output}, {@code state_h}. */
  public String outputName(int k) {
    return json.path("outputs").path(k).asText();
  }

  /** The float inputs, or null when the case feeds Embedding ids. */
  public HostArray inputs() {
    Object x = data.get("inputs/x");
    return x instanceof HostArray a ? a : null;
  }

  /** The int32 ids fed to an Embedding, or null. */
  public IntArray ids() {
    Object x = data.get("inputs/x");
    return x instanceof IntArray a ? a : null;
  }

  /** The explicit mask, or null. */
  public Mask mask() {
    Object m = data.get("inputs/mask");
    if (m == null) {
      return null;
    }
    if (m instanceof IntArray a) {
      boolean[] v = new boolean[a.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = a.get(i) != 0;
      }
      return Mask.of(a.shape()[0], a.shape()[1], v);
    }
    return Mask.nonZero((HostArray) m);
  }

  public List<HostArray> initialState() {
    List<HostArray> states = new ArrayList<>();
    for (int i = 0; data.containsKey("inputs/initial_state_" + i); i++) {
      states.add(floats("inputs/initial_state_" + i));
    }
    return states;
  }

  public List<long[]> initialStateShapes() {
    return initialState().stream().map(HostArray::shape).toList();
  }

  /** Keras's outputs from the eager {@code model(x)}. */
  public List<HostArray> kerasCall() {
    return outputs("outputs/call/");
  }

  /** Keras's outputs from {@code model.predict(x)}, or null for a case without (a cell call). */
  public List<HostArray> kerasPredict() {
    if (isCellCall()) {
      return null;
    }
    return outputs("outputs/predict/");
  }

  /** Whether the case is one direct cell step ({@code kind: cell_call}). */
  public boolean isCellCall() {
    return kind().equals("cell_call");
  }

  /**
   * A {@code cell_call} case's cell: rebuilt from its recorded Keras config, built on the recorded
   * feature size, with the weights Keras held ({@code data.h5 /weights/<i>}, Keras order).
   */
  public RNNCell cell() {
    JsonNode impl = json.path("implementation");
    RNNCell cell = RnnReaders.cell(json.get("cell"), era(), impl.isInt() ? impl.asInt() : null);
    cell.build(json.path("build_input_shape").path(1).asLong());
    cell.setWeights(cellWeights());
    return cell;
  }

  /** A {@code cell_call} case's weights as Keras held them ({@code cell.get_weights()}). */
  public List<HostArray> cellWeights() {
    List<HostArray> weights = new ArrayList<>();
    for (int i = 0; i < json.path("weights").path("names").size(); i++) {
      weights.add(floats("weights/" + i));
    }
    return weights;
  }

  /** A {@code cell_call} case's states, in Keras's order ({@code [h]}, {@code [h, c]}). */
  public List<HostArray> cellStates() {
    List<HostArray> states = new ArrayList<>();
    for (int i = 0; i < json.path("state_names").size(); i++) {
      states.add(floats("inputs/state_" + i));
    }
    return states;
  }

  private List<Object> cellInputs() {
    List<Object> in = new ArrayList<>();
    in.add(inputs());
    in.addAll(cellStates());
    return in;
  }

  private static List<HostArray> flatten(CellStep step) {
    List<HostArray> out = new ArrayList<>();
    out.add(step.output());
    out.addAll(step.states());
    return out;
  }

  /** The calls of a stateful case, in order. */
  public List<Step> steps() {
    List<Step> out = new ArrayList<>();
    JsonNode steps = json.path("steps");
    for (int i = 0; i < steps.size(); i++) {
      out.add(new Step(steps.get(i).path("reset_before").asBoolean(false),
          floats("steps/" + i + "/x"), outputs("steps/" + i + "/outputs/")));
    }
    return out;
  }

  /** Shape of the recurrent layer's input: (batch, time, features). */
  public long[] layerInputShape() {
    if (inputs() != null) {
      return inputs().shape();
    }
    if (ids() != null) {
      long[] s = ids().shape();
      return new long[] {s[0], s[1], embedding().outputDim()};
    }
    return steps().get(0).inputs().shape();
  }

  /** The recurrent layer rebuilt from its Keras config, weights read from the Keras file. */
  /**
   * The whole Keras model around the layer ({@code model_config.json}, as Keras's {@code
   * model.to_json()} wrote it, with the case's weights file), loaded with the case's
   * implementation (Keras 3 does not save it), or null for a case without one.
   */
  public Model model() {
    String config = json.path("model_config").asText(null);
    if (config == null) {
      return null;
    }
    JsonNode impl = json.path("implementation");
    return Model.load(weightsFile(), dir.resolve(config), era(),
        new LoadOptions(impl.isInt() ? impl.asInt() : null));
  }

  /** The inputs in the order Keras's model takes them: x, the mask, the initial states. */
  public List<Object> modelInputs() {
    List<Object> in = new ArrayList<>();
    in.add(data.get("inputs/x"));
    if (mask() != null) {
      in.add(mask());
    }
    in.addAll(initialState());
    return in;
  }

  public RecurrentLayer layer() {
    return build().layer();
  }

  private Built build() {
    Integer impl = json.path("implementation").canConvertToInt()
        ? json.get("implementation").asInt() : null;
    RecurrentLayer layer = RnnReaders.recurrent(json.get("layer"), era(), impl);
    layer.build(layerInputShape());
    List<WeightLoader.LayerWeights> layers = new ArrayList<>();
    Embedding embedding = null;
    if (preprocessClass().equals("Embedding")) {
      embedding = embedding();
      layers.add(new WeightLoader.LayerWeights(embedding.name(), "Embedding",
          List.of(new RecurrentLayer.WeightGroup("", embedding.trainableVariables()))));
    }
    layers.add(new WeightLoader.LayerWeights(layer.name(),
        json.path("layer").path("class_name").asText(), layer.weightGroups()));
    WeightLoader.load(weightsFile(), layers);
    Masking masking = preprocessClass().equals("Masking")
        ? (Masking) LayerRegistry.deserialize(json.get("preprocess"), era(), null) : null;
    return new Built(layer, masking, embedding);
  }

  private record Built(RecurrentLayer layer, Masking masking, Embedding embedding) {}

  private String preprocessClass() {
    return json.path("preprocess").path("class_name").asText("");
  }

  private Embedding embedding() {
    return (Embedding) LayerRegistry.deserialize(json.get("preprocess"), era(), null);
  }

  /** Whether the case runs a Masking or Embedding layer before the recurrent one. */
  public boolean hasPreprocess() {
    return !preprocessClass().isEmpty();
  }

  /**
   * The whole recorded model as one function of {@link #functionInputs()}: [x or ids, initial
   * states..., mask?] to Keras's outputs, preprocessing layer included.
   */
  public TensorFunction function() {
    return function(TimeLoop.DEFAULT);
  }

  /** As {@link #function()}, compiled graphs running the time steps as {@code loop} says. */
  @SuppressWarnings("unchecked")
  public TensorFunction function(TimeLoop loop) {
    Built b = build();
    int states = initialState().size();
    boolean withMask = mask() != null;
    return (tf, in) -> {
      Operand<TFloating> x;
      Operand<TBool> m = withMask ? (Operand<TBool>) in.get(1 + states) : null;
      if (b.embedding() != null) {
        MaskedOutput<TFloating> e = b.embedding().call(tf, (Operand<TInt32>) in.get(0));
        x = e.output();
        m = e.mask();
      } else if (b.masking() != null) {
        MaskedOutput<TFloating> e = b.masking().call(tf, (Operand<TFloating>) in.get(0));
        x = e.output();
        m = e.mask();
      } else {
        x = (Operand<TFloating>) in.get(0);
      }
      List<Operand<TFloating>> init = new ArrayList<>();
      for (int i = 1; i <= states; i++) {
        init.add((Operand<TFloating>) in.get(i));
      }
      return new ArrayList<>(b.layer().run(tf, x, init, m, loop).outputs());
    };
  }

  /**
   * Runs the case in Java eagerly: {@link Eager#call} on the layer (or the cell of a cell call:
   * output, then the new states), or the whole function when a Masking / Embedding comes first.
   * Not for stateful cases (see {@link #steps()}).
   */
  public List<HostArray> runEager() {
    if (isCellCall()) {
      return flatten(Eager.call(cell(), inputs(), cellStates()));
    }
    return hasPreprocess()
        ? Eager.run(function(), functionInputs())
        : Eager.call(layer(), inputs(), initialState(), mask());
  }

  /** Runs the case in Java compiled ({@link CompiledLayer} or {@link CompiledFunction}). */
  public List<HostArray> runCompiled() {
    return runCompiled(TimeLoop.DEFAULT);
  }

  /** As {@link #runCompiled()}, the time steps unrolled or in a while loop as {@code loop} says. */
  public List<HostArray> runCompiled(TimeLoop loop) {
    if (isCellCall()) {
      RNNCell cell = cell();
      HostArray x = inputs();
      List<HostArray> states = cellStates();
      cell.checkCall(x.shape(), cell.dtype(), states.stream().map(HostArray::shape).toList(),
          states.stream().map(HostArray::dtype).toList());
      try (CompiledFunction f = CompiledFunction.compile(CellFunction.of(cell), cellInputs())) {
        return f.call(cellInputs());
      }
    }
    if (hasPreprocess()) {
      try (CompiledFunction f = CompiledFunction.compile(function(loop), functionInputs())) {
        return f.call(functionInputs());
      }
    }
    HostArray x = inputs();
    try (CompiledLayer c = CompiledLayer.compile(layer(), x.shape(), x.dtype(),
        initialStateShapes(), mask() != null, loop)) {
      return c.call(x, initialState(), mask());
    }
  }

  /** The inputs of {@link #function()}. */
  public List<Object> functionInputs() {
    List<Object> in = new ArrayList<>();
    in.add(data.get("inputs/x"));
    in.addAll(initialState());
    if (mask() != null) {
      in.add(mask());
    }
    return in;
  }

  private List<HostArray> outputs(String prefix) {
    List<HostArray> out = new ArrayList<>();
    for (int k = 0; k < json.path("outputs").size(); k++) {
      out.add(floats(prefix + k));
    }
    return out;
  }

  private HostArray floats(String path) {
    Object a = data.get(path);
    if (!(a instanceof HostArray)) {
      throw new KerasFileException(dir.resolve("data.h5"), path,
          "expected a float dataset, found " + (a == null ? "none" : a));
    }
    return (HostArray) a;
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
    return name();
  }
}
