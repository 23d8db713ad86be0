package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ClosedException;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.KerasRnnException;
import dev.kerasrnn.core.Lifecycle;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.io.KerasWeightsFile;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.core.Embedding;
import dev.kerasrnn.layers.rnn.RecurrentAdapter;
import dev.kerasrnn.layers.rnn.TimeDistributed;
import dev.kerasrnn.layers.rnn.TimeLoop;
import dev.kerasrnn.model.ModelGraph.Step;
import dev.kerasrnn.runtime.CompiledFunction;
import dev.kerasrnn.runtime.Eager;
import dev.kerasrnn.runtime.Environment;
import dev.kerasrnn.runtime.TensorFunction;
import dev.kerasrnn.runtime.TensorSpec;
import dev.kerasrnn.tracing.Py;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * A whole Keras model (Sequential or Functional) rebuilt from its file: its layers in graph order,
 * its inputs and outputs; {@code keras.Model} at inference. It is a {@link TensorFunction} of its
 * inputs, so it runs eagerly ({@link #predictEager}, like Keras's {@code model(x)}) or compiled
 * once per input signature ({@link #predict}); both give Keras's eager bits.
 *
 * <p>Masks propagate as in Keras: {@code Embedding(mask_zero=True)} and {@code Masking} make
 * them, each layer receives the masks of its inputs (Keras 3 only when the call has a single
 * tensor argument, so not with {@code initial_state}; tf-keras always) and returns its outputs'
 * masks ({@code compute_mask}).
 *
 * <p>A layer may itself be a Sequential or Functional model (a nested model). Stateful
 * recurrent layers keep their states from one {@link #predict(List)} / {@link #predictEager}
 * call to the next ({@link #resetStates()}); {@link #apply} and {@link #trace} read the kept
 * states as constants and leave them unchanged.
 */
public final class Model implements TensorFunction, AutoCloseable {
  private final ModelSpec spec;
  private final KerasEra era;
  private final String source;
  private final Map<String, Layer> layers;
  private final List<Step> order;
  private final List<Step> needed;
  private final Map<TensorRef, long[]> shapes;
  private final List<InputLayer> inputLayers = new ArrayList<>();
  /** Per model input, the Embedding layers reading it directly (their ids are checked). */
  private final List<List<Embedding>> embeddingsOf = new ArrayList<>();
  private final Map<String, CompiledFunction> compiled = new ConcurrentHashMap<>();
  /** The saved {@code compile_config}'s {@code jit_compile} is true (Keras predicts under XLA). */
  private volatile boolean jitCompile;
  private volatile DeviceSpec device;
  private volatile TimeLoop timeLoop = TimeLoop.DEFAULT;
  private volatile PredictFunction predictFunction;
  private volatile List<Step> kerasOrder;
  private final Lifecycle lifecycle;
  /** The stateful recurrent layers; its lock serializes the calls of a stateful model. */
  private final StatefulLayers states;

  private Model(ModelSpec spec, KerasEra era, String source, Map<String, Layer> layers,
      List<Step> order, Map<TensorRef, long[]> shapes) {
    this.spec = spec;
    this.era = era;
    this.source = source;
    this.layers = Collections.unmodifiableMap(layers);
    this.order = List.copyOf(order);
    this.needed = ModelGraph.needed(order, spec.outputs());
    this.shapes = shapes;
    this.lifecycle = new Lifecycle("model '" + spec.name() + "'");
    for (TensorRef in : spec.inputs()) {
      inputLayers.add((InputLayer) layers.get(in.layer()));
      List<Embedding> readers = new ArrayList<>();
      for (Step s : needed) {
        if (s.layer() instanceof Embedding e && s.call() != null
            && s.call().inputs().get(0).equals(in)) {
          readers.add(e);
        }
      }
      for (Step s : needed) {
        if (s.layer() instanceof NestedModel n && s.call() != null) {
          for (int j = 0; j < s.call().inputs().size(); j++) {
            if (s.call().inputs().get(j).equals(in)) {
              readers.addAll(n.inner().embeddingsOf.get(j));
            }
          }
        }
      }
      embeddingsOf.add(readers);
    }
    this.states = new StatefulLayers(needed, source);
    for (Step s : needed) {
      if (s.call() == null && !spec.inputs().contains(new TensorRef(s.spec().name(), 0, 0))) {
        throw new ConfigException(source + ": the outputs depend on InputLayer '"
            + s.spec().name() + "', which is not a model input (graph disconnected)");
      }
    }
  }

  /**
   * Loads a model file, detecting its format by content: a Keras 3 {@code .keras} archive, or a
   * legacy full-model {@code .h5} (tf-keras 2.x, or Keras 3's legacy writer).
   *
   * @throws dev.kerasrnn.core.KerasFileException if the file cannot be read or holds no config
   * @throws ConfigException if the config names an unsupported layer or is malformed
   * @throws dev.kerasrnn.core.WeightsException if the weights do not fit the config
   */
  public static Model load(Path file) {
    return ModelLoader.load(file);
  }

  /** {@link #load(Path)} with what the file cannot say ({@link LoadOptions}). */
  public static Model load(Path file, LoadOptions options) {
    return ModelLoader.load(file, options);
  }

  /**
   * Loads a weights file ({@code .weights.h5}, legacy weights-only or full {@code .h5}) with the
   * architecture from a separate config JSON ({@code model.to_json()}).
   */
  public static Model load(Path weightsFile, Path configJson) {
    return ModelLoader.load(weightsFile, configJson);
  }

  /** {@link #load(Path, Path)} with what the files cannot say ({@link LoadOptions}). */
  public static Model load(Path weightsFile, Path configJson, LoadOptions options) {
    return ModelLoader.load(weightsFile, configJson, null, options);
  }

  /**
   * {@link #load(Path, Path, LoadOptions)} in a given era, for a config JSON that does not say
   * which Keras wrote it (a bare {@code to_json()} of tf-keras carries its version; Keras 3's
   * does not).
   */
  public static Model load(Path weightsFile, Path configJson, KerasEra era, LoadOptions options) {
    return ModelLoader.load(weightsFile, configJson, era, options);
  }

  /** Builds a model from a config JSON without weights (initializers give the values). */
  public static Model fromConfig(String configJson, KerasEra era) {
    return ModelLoader.fromConfig(configJson, era, "config");
  }

  /** Builds the layers of {@code spec} and infers every tensor's static shape. */
  static Model build(ModelSpec spec, KerasEra era, String where, LoadOptions options) {
    Map<String, Layer> layers = new LinkedHashMap<>();
    for (LayerSpec l : spec.layers()) {
      layers.put(l.name(), l.className().equals("InputLayer")
          ? InputLayers.create(l, where)
          : KerasOp.isOp(l.json()) ? KerasOp.create(l, where)
          : ModelConfigParser.isModel(l.json()) ? nested(l, era, where, options)
          : LayerRegistry.create(l, era, where, options.recurrentImplementation()));
    }
    if (era == KerasEra.KERAS_3 && spec.isSequential()) {
      spec = SequentialGraph.of(spec, layers);
      for (LayerSpec l : spec.layers()) {
        if (!layers.containsKey(l.name())) {
          layers.put(l.name(), KerasOp.create(l, where));
        }
      }
    }
    List<Step> order = ModelGraph.order(spec, layers, where);
    for (Step s : order) {
      if (s.call() != null && !s.layer().callOptions().containsAll(s.call().options().keySet())) {
        throw new ConfigException(where + ": layer '" + s.spec().name() + "' ("
            + s.spec().className() + ") is called with " + s.call().options() + "; Keras's "
            + s.spec().className() + " takes " + (s.layer().callOptions().isEmpty() ? "no such"
            + " call arguments" : "only " + new java.util.TreeSet<>(s.layer().callOptions()))
            + " (refused, not dropped)");
      }
      if (s.call() != null && !s.layer().namedTensorArguments().containsAll(
          s.call().namedTensors().keySet())) {
        throw new ConfigException(where + ": layer '" + s.spec().name() + "' ("
            + s.spec().className() + ") is called with tensor arguments "
            + s.call().namedTensors().keySet() + ", which Keras's " + s.spec().className()
            + " does not take (refused, not dropped)");
      }
      if (s.call() != null && s.call().hasExplicitMask() && s.layer() instanceof NestedModel
          && (s.call().inputs().size() > 1 || !s.call().maskList().isEmpty())) {
        throw new ConfigException(where + ": nested model '" + s.spec().name() + "' takes "
            + s.call().inputs().size() + " input(s) and is called with an explicit mask list; an"
            + " explicit mask= into a nested model with several inputs is not supported");
      }
      if (s.call() != null && s.call().hasExplicitMask() && !s.layer().takesMask()) {
        throw new ConfigException(where + ": layer '" + s.spec().name() + "' ("
            + s.spec().className() + ") is called with an explicit mask argument, which Keras's "
            + s.spec().className() + " does not take (only layers whose call has a mask"
            + " argument do)");
      }
    }
    Map<TensorRef, long[]> shapes = new HashMap<>();
    for (Step s : order) {
      List<long[]> out;
      if (s.call() == null) {
        out = s.layer().outputShapes(List.of());
      } else {
        List<long[]> in = new ArrayList<>();
        List<TensorRef> refs = new ArrayList<>(s.call().inputs());
        if (s.layer() instanceof RecurrentAdapter) {
          refs.addAll(s.call().initialState());
        }
        for (TensorRef r : refs) {
          long[] shape = shapes.get(r);
          if (shape == null) {
            throw new ConfigException(where + ": layer '" + s.spec().name() + "' reads tensor "
                + r + ", but layer '" + r.layer() + "' has no output " + r.index());
          }
          in.add(shape);
        }
        for (String arg : s.layer().namedTensorArguments()) {
          TensorRef r = s.call().namedTensors().get(arg);
          if (r != null && !shapes.containsKey(r)) {
            throw new ConfigException(where + ": layer '" + s.spec().name() + "' takes " + arg
                + "=" + r + ", but layer '" + r.layer() + "' has no output " + r.index());
          }
          in.add(r == null ? null : shapes.get(r));
        }
        List<TensorRef> maskRefs = new ArrayList<>(s.call().maskList());
        maskRefs.add(s.call().mask());
        for (TensorRef mask : maskRefs) {
          if (mask != null && !shapes.containsKey(mask)) {
            throw new ConfigException(where + ": layer '" + s.spec().name() + "' takes mask= "
                + mask + ", but layer '" + mask.layer() + "' has no output " + mask.index());
          }
        }
        if (s.call().maskList().size() > in.size()) {
          throw new ConfigException(where + ": layer '" + s.spec().name() + "' takes "
              + s.call().maskList().size() + " masks for " + in.size() + " inputs");
        }
        out = buildAndInfer(s, in, where);
      }
      for (int i = 0; i < out.size(); i++) {
        shapes.put(new TensorRef(s.spec().name(), s.node(), i), out.get(i));
      }
    }
    refuseUnfollowedMasks(spec, era, layers, where);
    for (TensorRef r : spec.outputs()) {
      if (!shapes.containsKey(r)) {
        throw new ConfigException(where + ": model output " + r + " does not exist (layer '"
            + r.layer() + "' has fewer outputs)");
      }
    }
    return new Model(spec, era, where, layers, order, shapes);
  }

  /**
   * When anything in {@code spec} can make or pass a mask, every TimeDistributed of it (nested
   * models included) must be able to take one as Keras does ({@link
   * TimeDistributed#refuseUnfollowedMask}); conservative: a mask anywhere in the model counts as
   * reaching each of them.
   */
  private static void refuseUnfollowedMasks(ModelSpec spec, KerasEra era,
      Map<String, Layer> layers, String where) {
    String masks = NestedModel.maskSource(spec, era);
    if (masks == null) {
      return;
    }
    refuseUnfollowedMasks(layers.values(), spec, masks, where);
  }

  /** The check of {@link #refuseUnfollowedMasks} in {@code layers} and the models nested there. */
  private static void refuseUnfollowedMasks(Iterable<Layer> layers, ModelSpec spec,
      String masks, String where) {
    for (Layer l : layers) {
      if (l instanceof TimeDistributed td) {
        try {
          td.refuseUnfollowedMask();
        } catch (ConfigException x) {
          throw new ConfigException(where + ": model '" + spec.name() + "' " + masks + "; "
              + x.getMessage(), x);
        }
      } else if (l instanceof NestedModel n) {
        // The outer masks flow into a nested model: its TimeDistributed layers may see them.
        refuseUnfollowedMasks(n.inner().layers.values(), spec, masks, where);
      }
    }
  }

  /**
   * A Sequential or Functional model wrapped by a layer (TimeDistributed's {@code layer}). A mask
   * source inside it is refused: tf-keras's TimeDistributed would take its output mask from the
   * inner model's {@code compute_mask}, which a nested model does not follow here.
   */
  static NestedModel wrappedModel(JsonNode json, KerasEra era, Integer implementation) {
    String at = "nested model '" + json.path("config").path("name").asText("?") + "'";
    ModelSpec inner = ModelConfigParser.parse(json, at, era);
    String masks = NestedModel.maskSource(inner, era);
    if (masks != null) {
      throw new ConfigException(at + " " + masks + "; masks inside a model wrapped by"
          + " TimeDistributed are not supported (refused, not dropped)");
    }
    return new NestedModel(build(inner, era, at, new LoadOptions(implementation)),
        json.path("class_name").asText(), json.path("config"), at);
  }

  private static NestedModel nested(LayerSpec l, KerasEra era, String where,
      LoadOptions options) {
    String at = where + ": nested model '" + l.name() + "'";
    ModelSpec inner = ModelConfigParser.parse(l.json(), at, era);
    return new NestedModel(build(inner, era, at, options), l.className(), l.config(), at);
  }

  private static List<long[]> buildAndInfer(Step s, List<long[]> in, String where) {
    try {
      if (!s.layer().isBuilt()) {
        s.layer().build(in);
      }
      return s.layer().outputShapes(in, s.call().options());
    } catch (KerasRnnException e) {
      if (e.getMessage() != null && e.getMessage().contains(where)) {
        throw e;
      }
      throw new ConfigException(where + ": layer '" + s.spec().name() + "' ("
          + s.spec().className() + "): " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ConfigException(where + ": layer '" + s.spec().name() + "' ("
          + s.spec().className() + ") cannot take inputs of shape " + shapesString(in) + ": "
          + e.getMessage());
    }
  }

  /** Assigns the weights of a Keras file (by path for Keras 3, by order for legacy files). */
  void loadWeights(KerasWeightsFile file) {
    List<WeightLoader.LayerWeights> saved = new ArrayList<>();
    for (String name : spec.savedLayers()) {
      Layer l = layers.get(name);
      LayerSpec ls = spec.layers().stream().filter(x -> x.name().equals(name)).findFirst()
          .orElseThrow();
      saved.add(l instanceof NestedModel n
          ? WeightLoader.LayerWeights.of(l, n.kerasClassName())
          : WeightLoader.LayerWeights.of(l, LayerRegistry.pythonClassName(ls.className()),
              ls.json()));
    }
    WeightLoader.load(file, saved, era);
  }

  public String name() {
    return spec.name();
  }

  /** {@code Sequential} or {@code Functional}. */
  public String className() {
    return spec.className();
  }

  /** The Keras era whose semantics the model follows (from the file's {@code keras_version}). */
  public KerasEra era() {
    return era;
  }

  /** Where the model came from, for messages. */
  public String source() {
    return source;
  }

  /** The parsed config. */
  public ModelSpec spec() {
    return spec;
  }

  /** Every layer in config order, InputLayers included. */
  public List<Layer> layers() {
    return List.copyOf(layers.values());
  }

  /** The layer named {@code name}, or null. */
  public Layer layer(String name) {
    return layers.get(name);
  }

  /** The calls in execution order. */
  List<Step> steps() {
    return order;
  }

  /** The static shape of a tensor (-1 where unknown), or null. */
  public long[] shape(TensorRef ref) {
    long[] s = shapes.get(ref);
    return s == null ? null : s.clone();
  }

  public List<InputLayer> inputs() {
    return List.copyOf(inputLayers);
  }

  /** The input names in feed order. */
  public List<String> inputNames() {
    return inputLayers.stream().map(InputLayer::name).toList();
  }

  /** The output names in order (the producing layers' names, as Keras's output_names). */
  public List<String> outputNames() {
    return spec.outputs().stream().map(TensorRef::layer).toList();
  }

  /** The static output shapes (-1 where unknown, as Keras's None). */
  public List<long[]> outputShapes() {
    return spec.outputs().stream().map(this::shape).toList();
  }

  /** Number of scalar weights; Keras's {@code count_params()}. */
  public long countParams() {
    long n = 0;
    for (Layer l : layers.values()) {
      n += ModelSummary.params(l);
    }
    return n;
  }

  /** The summary in Keras 3's {@code model.summary()} layout. */
  public String summary() {
    return ModelSummary.render(this);
  }

  /**
   * The model as a function of its inputs (in {@link #inputNames()} order): Keras's {@code
   * model(inputs)} at inference, in whatever mode {@code tf} runs.
   */
  @Override
  public List<Operand<?>> apply(Ops tf, List<Operand<?>> inputs) {
    return new Run(tf).outputs(inputs);
  }

  /**
   * Every tensor the model computes, by reference, for layer-by-layer inspection (e.g. which layer
   * first diverges); run eagerly.
   */
  public Map<TensorRef, HostArray> trace(List<?> inputs) {
    try (Lifecycle.Lease lease = lifecycle.enter()) {
      return traceAll(inputs, false);
    }
  }

  /**
   * {@link #trace} from one compiled graph (as {@link #predict(List)} builds it, every float
   * tensor fetched), for locating a difference that only compiled runs show.
   */
  public Map<TensorRef, HostArray> traceCompiled(List<?> inputs) {
    try (Lifecycle.Lease lease = lifecycle.enter()) {
      return traceAll(inputs, true);
    }
  }

  private Map<TensorRef, HostArray> traceAll(List<?> inputs, boolean compile) {
    List<Object> values = checkInputs(inputs);
    Map<TensorRef, HostArray> out = new LinkedHashMap<>();
    List<TensorRef> refs = new ArrayList<>();
    TensorFunction f = (tf, in) -> {
      Run run = new Run(tf);
      run.outputs(in);
      List<Operand<?>> all = new ArrayList<>();
      for (Map.Entry<TensorRef, Operand<?>> e : run.values.entrySet()) {
        if (TFloating.class.isAssignableFrom(e.getValue().type())) {
          refs.add(e.getKey());
          all.add(e.getValue());
        }
      }
      return all;
    };
    List<HostArray> results;
    if (compile) {
      try (CompiledFunction c = CompiledFunction.compile(f, values, device)) {
        results = c.call(values);
      }
    } else {
      results = Eager.run(f, values);
    }
    for (int i = 0; i < refs.size(); i++) {
      out.put(refs.get(i), results.get(i));
    }
    return out;
  }

  /**
   * {@link #predict(List, Target, int, DType)} with float32 as Keras's {@code floatx}.
   */
  public List<HostArray> predict(List<?> inputs, Target target, int batchSize) {
    return predict(inputs, target, batchSize, DType.FLOAT32);
  }

  /**
   * The model's outputs bit for bit as Keras gives them: {@link Target#CALL} is Keras's {@code
   * model(x)} (compiled, {@link #predict(List)}; {@code batchSize} and {@code floatx} do not
   * apply), {@link Target#PREDICT} is Keras's {@code model.predict(x, batch_size=batchSize)} on a
   * freshly loaded model: float inputs converted to {@code floatx} (Keras's {@code
   * keras.config.floatx()}, float32 unless set), then the graph Keras's {@code predict_function}
   * traces, rebuilt in Java and run as TF Python runs it.
   *
   * @throws dev.kerasrnn.tracing.UnsupportedTraceException for {@code PREDICT} on a model whose
   *     predict() graph is not rebuilt (naming the layer and what is missing), before any op runs
   */
  public List<HostArray> predict(List<?> inputs, Target target, int batchSize, DType floatx) {
    if (target == Target.CALL) {
      return predict(inputs);
    }
    if (batchSize <= 0) {
      throw new InvalidInputException(name(), "a positive batch size", String.valueOf(batchSize));
    }
    try (Lifecycle.Lease lease = lifecycle.enter()) {
      List<Object> values = checkInputs(inputs);
      PredictFunction f;
      synchronized (this) {
        if (predictFunction == null) {
          predictFunction = new PredictFunction(this);
        }
        f = predictFunction;
      }
      return f.predict(values, batchSize, floatx);
    }
  }

  /** Keras's {@code predict()} batch size when none is given. */
  public static final int DEFAULT_PREDICT_BATCH = PredictFunction.DEFAULT_BATCH_SIZE;

  /** Records that the file's {@code compile_config} sets {@code jit_compile: true}. */
  void jitCompile(boolean on) {
    jitCompile = on;
  }

  /** Whether the file's {@code compile_config} sets {@code jit_compile: true}. */
  public boolean jitCompile() {
    return jitCompile;
  }

  /** The function library of the last {@link Target#PREDICT} trace, or null (for comparisons). */
  public dev.kerasrnn.tracing.TracedFunction lastPredictTrace() {
    PredictFunction f = predictFunction;
    return f == null ? null : f.lastTrace();
  }

  private List<Step> kerasOrder() {
    List<Step> k = kerasOrder;
    if (k == null) {
      k = ModelGraph.kerasOrder(needed, spec.inputs(), spec.outputs());
      kerasOrder = k;
    }
    return k;
  }

  /**
   * Keras's {@code model(x)}, compiled (cached per input signature). A model with stateful layers
   * starts from the states the previous call left and keeps the new ones (the states are fed to
   * and fetched from the graph, never baked in); such calls are serialized on the model, and
   * their order decides the results, so a stateful model is not for concurrent callers.
   */
  public List<HostArray> predict(List<?> inputs) {
    try (Lifecycle.Lease lease = lifecycle.enter()) {
      List<Object> values = checkInputs(inputs);
      if (states.isEmpty()) {
        return runCompiled(this, values, signature(values));
      }
      synchronized (states) {
        List<Object> all = new ArrayList<>(values);
        all.addAll(states.kept());
        return states.keep(runCompiled(this::applyWithStates, all, "stateful:"
            + signature(all)), spec.outputs().size());
      }
    }
  }

  private List<HostArray> runCompiled(TensorFunction fn, List<Object> values, String key) {
    while (true) {
      DeviceSpec d = device;
      CompiledFunction f =
          compiled.computeIfAbsent(key, k -> CompiledFunction.compile(fn, values, d));
      try {
        return f.call(values);
      } catch (ClosedException e) {
        // setDevice / setTimeLoop dropped this graph meanwhile (the model itself is open,
        // this call holds it): compile again with the new settings.
        compiled.remove(key, f);
      } catch (KerasRnnException e) {
        throw e;
      } catch (RuntimeException e) {
        // TensorFlow refused the graph at run time: the config is inconsistent in a way the
        // static checks do not see. Typed, naming the model; the session stays usable.
        throw new ConfigException(source + ": model '" + name() + "' cannot run on inputs "
            + key + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Compiles the model once for inputs of {@code specs} (in {@link #inputNames()} order) in which
   * sizes may be unknown (-1) where the model leaves them unknown, e.g. {@code [-1, -1, 64]} for
   * any batch size and sequence length: recurrent layers then run a while loop ({@link
   * #setTimeLoop}), and one graph serves every size. The caller closes the result; it uses the
   * device and time-loop policy set at this call.
   *
   * @throws InvalidInputException naming the model input whose spec does not fit, or the layer
   *     that needs a size the spec leaves unknown
   */
  public CompiledFunction compile(List<TensorSpec> specs) {
    if (specs.size() != inputLayers.size()) {
      throw new InvalidInputException(name(), inputLayers.size() + " input spec(s) "
          + inputNames(), String.valueOf(specs.size()));
    }
    if (lifecycle.isClosed()) {
      throw new ClosedException("model '" + name() + "'");
    }
    if (!states.isEmpty()) {
      throw new ConfigException(source + ": model '" + name() + "' holds stateful layers; a"
          + " graph compiled by compile(specs) would fix their states; call predict() or"
          + " predictEager(), which carry the states from call to call");
    }
    for (int i = 0; i < specs.size(); i++) {
      long[] declared = inputLayers.get(i).batchShape();
      if (!fits(specs.get(i).shape(), declared)) {
        throw new InvalidInputException(name(), "input '" + inputLayers.get(i).name()
            + "' of shape " + shapeString(declared) + " (-1: any)", specs.get(i).toString());
      }
    }
    return CompiledFunction.compileFor(this, specs, device);
  }

  /**
   * Places the compiled graphs of {@link #predict} on {@code device} (null: TensorFlow decides);
   * graphs compiled before are dropped. See {@link CompiledFunction#compile(TensorFunction, List,
   * DeviceSpec)}.
   */
  public synchronized void setDevice(DeviceSpec device) {
    this.device = device;
    compiled.values().forEach(CompiledFunction::close);
    compiled.clear();
  }

  /**
   * How the compiled graphs of {@link #predict} run recurrent layers' time steps (default {@link
   * TimeLoop#DEFAULT}); graphs compiled before are dropped. The bits do not change.
   */
  public synchronized void setTimeLoop(TimeLoop loop) {
    this.timeLoop = java.util.Objects.requireNonNull(loop, "loop");
    compiled.values().forEach(CompiledFunction::close);
    compiled.clear();
  }

  /** The time-loop policy of compiled graphs; see {@link #setTimeLoop}. */
  public TimeLoop timeLoop() {
    return timeLoop;
  }

  /**
   * Keras's eager {@code model(x)}, op by op; stateful layers carry their states across calls as
   * in {@link #predict(List)}. Where TensorFlow runs oneDNN's custom ops ({@link
   * Environment#onednnEnabled()}: TensorFlow's default on CPUs with AVX-512 VNNI/BF16 or AMX),
   * this runs the compiled graph instead: TF Python runs each eager op as a one-op function,
   * whose graph passes give some ops (Softmax, MatMul in attention and dense heads) oneDNN
   * kernels, while an op TF Java runs directly keeps TensorFlow's own kernel, a few ULP off;
   * a session graph gets the oneDNN kernels as TF Python's eager ops do (README, "Bits in other
   * environments").
   */
  public List<HostArray> predictEager(List<?> inputs) {
    if (Environment.onednnEnabled()) {
      return predict(inputs);
    }
    try (Lifecycle.Lease lease = lifecycle.enter()) {
      List<Object> values = checkInputs(inputs);
      if (states.isEmpty()) {
        return runEager(this, values);
      }
      synchronized (states) {
        List<Object> all = new ArrayList<>(values);
        all.addAll(states.kept());
        return states.keep(runEager(this::applyWithStates, all), spec.outputs().size());
      }
    }
  }

  private List<HostArray> runEager(TensorFunction fn, List<Object> values) {
    try {
      return Eager.run(fn, values);
    } catch (KerasRnnException e) {
      throw e;
    } catch (RuntimeException e) {
      // As runCompiled: TensorFlow refused an op, or an output is not a float tensor.
      throw new ConfigException(source + ": model '" + name() + "' cannot run eagerly on its"
          + " inputs: " + e.getMessage(), e);
    }
  }

  /** {@link #predict} of a single-input model on plain Java arrays / tensors. */
  public List<HostArray> predict(Object input) {
    return predict(List.of(input));
  }

  /** How many input signatures have been compiled. */
  public int compiledSignatures() {
    return compiled.size();
  }

  /**
   * Releases the compiled graphs and the {@link Target#PREDICT} function, after waiting for
   * predictions running on other threads; later calls fail with a {@link ClosedException}. Not to
   * be called from inside a prediction of this model.
   */
  @Override
  public void close() {
    if (!lifecycle.close()) {
      return;
    }
    compiled.values().forEach(CompiledFunction::close);
    compiled.clear();
    PredictFunction f = predictFunction;
    if (f != null) {
      f.close();
    }
  }

  /**
   * Converts and checks the inputs before any op runs.
   *
   * @throws InvalidInputException naming the model input, expected and given
   */
  List<Object> checkInputs(List<?> inputs) {
    if (inputs.size() != inputLayers.size()) {
      throw new InvalidInputException(name(), inputLayers.size() + " input(s) " + inputNames(),
          String.valueOf(inputs.size()));
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Object v = ModelInputs.toValue(inputs.get(i));
      InputLayer in = inputLayers.get(i);
      if ("bool".equals(in.dtypeName()) && !(v instanceof Mask)) {
        v = v instanceof HostArray a ? Mask.nonZero(a) : Mask.nonZero((IntArray) v);
      }
      long[] given = v instanceof HostArray a ? a.shape() : v instanceof IntArray a ? a.shape()
          : ((Mask) v).shape();
      long[] expected = in.batchShape();
      if (!fits(given, expected)) {
        throw new InvalidInputException(name(), "input '" + in.name() + "' of shape "
            + shapeString(expected) + " (-1: any)", HostArray.shapeString(given));
      }
      for (Embedding e : embeddingsOf.get(i)) {
        e.checkIds(v);
      }
      out.add(v);
    }
    return out;
  }

  /** Whether {@code given} has the rank of {@code declared} and its size wherever it is known. */
  private static boolean fits(long[] given, long[] declared) {
    boolean ok = given.length == declared.length;
    for (int d = 0; ok && d < given.length; d++) {
      ok = declared[d] < 0 || declared[d] == given[d];
    }
    return ok;
  }

  private static String signature(List<Object> values) {
    StringBuilder sb = new StringBuilder();
    for (Object v : values) {
      if (v instanceof HostArray a) {
        sb.append(a.dtype()).append(Arrays.toString(a.shape()));
      } else if (v instanceof IntArray a) {
        sb.append("int32").append(Arrays.toString(a.shape()));
      } else {
        sb.append("bool").append(Arrays.toString(((Mask) v).shape()));
      }
      sb.append(';');
    }
    return sb.toString();
  }

  static String shapeString(long[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i > 0 ? ", " : "").append(shape[i] < 0 ? "None" : String.valueOf(shape[i]));
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  private static String shapesString(List<long[]> shapes) {
    return shapes.stream().map(Model::shapeString).toList().toString();
  }

  /**
   * The outputs of this model called as a layer of another one, its steps run as {@code loop}:
   * {@code masks} (one per input, null where none) set on its inputs, each output with the mask
   * its graph left on it.
   */
  Layer.Outputs runNested(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks,
      TimeLoop loop) {
    Run run = new Run(tf, loop, null);
    run.inputMasks = masks;
    List<Operand<?>> out = run.outputs(inputs);
    List<Operand<TBool>> outMasks = new ArrayList<>();
    for (TensorRef r : spec.outputs()) {
      outMasks.add(run.masks.get(r));
    }
    return new Layer.Outputs(out, outMasks);
  }

  /** The Keras class name a saved layer is stored under ({@code layers/<snake_case>}). */
  String savedClassName(String layerName) {
    Layer l = layers.get(layerName);
    if (l instanceof NestedModel n) {
      return n.kerasClassName();
    }
    return LayerRegistry.pythonClassName(spec.layers().stream()
        .filter(x -> x.name().equals(layerName)).findFirst().orElseThrow().className());
  }

  /**
   * Whether the model holds stateful recurrent layers ({@code stateful=True}): then each {@link
   * #predict(List)} / {@link #predictEager} call starts from the states the previous one left
   * (zeros after loading and after {@link #resetStates()}), as Keras's {@code model(x)} does.
   */
  public boolean hasStatefulLayers() {
    return !states.isEmpty();
  }

  /**
   * Sets every stateful layer's states to zeros; Keras's {@code model.reset_states()}. A single
   * layer resets with {@code ((RecurrentAdapter) layer(name)).layer().resetStates()}, as Keras's
   * {@code layer.reset_states()}.
   */
  public void resetStates() {
    synchronized (states) {
      states.reset();
    }
  }

  /** The model's outputs followed by the stateful layers' final states; inputs then states. */
  private List<Operand<?>> applyWithStates(Ops tf, List<Operand<?>> in) {
    int n = inputLayers.size();
    Run run = new Run(tf, timeLoop, in.subList(n, in.size()));
    List<Operand<?>> out = new ArrayList<>(run.outputs(in.subList(0, n)));
    out.addAll(run.finalStates);
    return out;
  }

  @Override
  public String toString() {
    return "Model[" + name() + ", " + className() + ", " + layers.size() + " layers, " + era + "]";
  }

  /**
   * One evaluation of the graph: each tensor's value and mask. With {@code stateInputs} (one
   * operand per state of each stateful layer, as {@link StatefulLayers#kept()}) the stateful
   * layers start from them and their final states are collected in {@link #finalStates};
   * without, they start from their kept states as constants.
   */
  private final class Run {
    private final Ops tf;
    private final TimeLoop loop;
    private final List<Operand<?>> stateInputs;
    private final List<Operand<?>> finalStates = new ArrayList<>();
    private final Map<TensorRef, Operand<?>> values = new LinkedHashMap<>();
    private final Map<TensorRef, Operand<TBool>> masks = new HashMap<>();
    /** A nested call's masks of the inputs, one per input (null where none), or null. */
    private List<Operand<TBool>> inputMasks;

    Run(Ops tf) {
      this(tf, timeLoop, null);
    }

    Run(Ops tf, TimeLoop loop, List<Operand<?>> stateInputs) {
      this.tf = tf;
      this.loop = loop;
      this.stateInputs = stateInputs;
    }

    List<Operand<?>> outputs(List<Operand<?>> inputs) {
      if (inputs.size() != inputLayers.size()) {
        throw new InvalidInputException(name(), inputLayers.size() + " input(s)",
            String.valueOf(inputs.size()));
      }
      // Traced, a Keras 3 Functional runs its calls in its own order (names follow it).
      List<Step> steps = Py.tracing(tf) && era == KerasEra.KERAS_3
          ? kerasOrder() : needed;
      for (Step s : steps) {
        if (s.call() == null) {
          int idx = spec.inputs().indexOf(new TensorRef(s.spec().name(), 0, 0));
          InputLayer in = (InputLayer) s.layer();
          values.put(new TensorRef(in.name(), 0, 0), castInput(inputs.get(idx), in));
          if (inputMasks != null && idx < inputMasks.size() && inputMasks.get(idx) != null) {
            masks.put(new TensorRef(in.name(), 0, 0), inputMasks.get(idx));
          }
        } else {
          call(s);
        }
      }
      List<Operand<?>> out = new ArrayList<>();
      for (TensorRef r : spec.outputs()) {
        out.add(values.get(r));
      }
      return out;
    }

    /**
     * One layer call; a failure other than ours (TensorFlow refusing an op the static shape
     * checks let through, a dtype a layer cannot take) becomes a {@link ConfigException} naming
     * the layer, raised at graph construction for compiled runs.
     */
    private void call(Step s) {
      try {
        callLayer(s);
      } catch (KerasRnnException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ConfigException(source + ": layer '" + s.spec().name() + "' ("
            + s.spec().className() + ") cannot run on its inputs: " + e.getMessage(), e);
      }
    }

    private void callLayer(Step s) {
      // Traced (predict()), a layer's ops are named in its Keras call scope; an op's are not.
      Ops tf = s.layer() instanceof KerasOp ? this.tf : Py.kerasCall(this.tf, s.spec().name());
      NodeSpec c = s.call();
      List<Operand<?>> in = new ArrayList<>();
      List<Operand<TBool>> inMasks = new ArrayList<>();
      for (TensorRef r : c.inputs()) {
        in.add(values.get(r));
        inMasks.add(masks.get(r));
      }
      for (String arg : s.layer().namedTensorArguments()) {
        TensorRef r = c.namedTensors().get(arg);
        in.add(r == null ? null : values.get(r));
        inMasks.add(r == null ? null : masks.get(r));
      }
      Operand<TBool> explicit = c.mask() == null ? null : bool(values.get(c.mask()));
      // Keras 3 passes input masks implicitly only to a call with one tensor argument.
      boolean implicit = era == KerasEra.KERAS_2 || c.tensorArguments() <= 1;
      // The masks compute_mask derives the output masks from: tf-keras takes an explicit mask=
      // (base_layer._get_input_masks), Keras 3 the first argument's own masks (Layer.__call__).
      boolean outputsFromExplicit = explicit != null && era == KerasEra.KERAS_2;
      Layer.Outputs out;
      if (s.layer() instanceof RecurrentAdapter r) {
        for (TensorRef st : c.initialState()) {
          in.add(values.get(st));
        }
        boolean kept = stateInputs != null && r.layer().stateful();
        if (kept) {
          // The kept states as the call's initial states (Keras reads its state variables).
          in.addAll(states.inputsOf(s, stateInputs));
        }
        Operand<TBool> previous = inMasks.get(0);
        Operand<TBool> callMask = explicit != null ? explicit : implicit ? previous : null;
        out = r.call(tf, in, callMask, outputsFromExplicit ? explicit : previous, loop,
            kept ? finalStates : null);
      } else if (s.layer() instanceof NestedModel n) {
        // Functional.call sets the call's masks on the inner inputs: an explicit mask= (one
        // input, checked at load), else the inputs' own where Keras passes them implicitly.
        List<Operand<TBool>> m = explicit == null && implicit ? inMasks
            : new ArrayList<>(Collections.nCopies(in.size(), null));
        if (explicit != null) {
          m.set(0, explicit);
        }
        out = n.call(tf, in, m, loop);
      } else if (!c.maskList().isEmpty()) {
        // mask=[m0, m1, ...]: the output masks as for one explicit mask, per era.
        List<Operand<TBool>> m = new ArrayList<>(Collections.nCopies(in.size(), null));
        for (int i = 0; i < c.maskList().size(); i++) {
          TensorRef r = c.maskList().get(i);
          m.set(i, r == null ? null : bool(values.get(r)));
        }
        out = s.layer().call(tf, in, m, c.options());
        if (era == KerasEra.KERAS_3) {
          out = new Layer.Outputs(out.values(), s.layer().computeMask(tf, inMasks));
        }
      } else if (explicit != null) {
        List<Operand<TBool>> m = new ArrayList<>(Collections.nCopies(in.size(), null));
        m.set(0, explicit);
        out = s.layer().call(tf, in, m, c.options());
        if (!outputsFromExplicit) {
          out = new Layer.Outputs(out.values(), s.layer().computeMask(tf, inMasks));
        }
      } else {
        List<Operand<TBool>> m = implicit ? inMasks
            : new ArrayList<>(Collections.nCopies(in.size(), null));
        out = s.layer().call(tf, in, m, c.options());
        if (!s.layer().namedTensorArguments().isEmpty() && era == KerasEra.KERAS_3) {
          // Keras 3 passes the masks of such a call as arguments of their own (query_mask, ...)
          // and derives the output masks from the first argument's own masks.
          out = new Layer.Outputs(out.values(), s.layer().computeMask(tf, inMasks));
        }
        // Traced, Keras 3's Layer.__call__ runs compute_mask's ops after the call, in the
        // model's scope, unless the call set every output's mask.
        if (Py.tracing(tf) && s.layer().masksAfterCall()
            && out.masks().stream().allMatch(x -> x == null)) {
          out = new Layer.Outputs(out.values(), s.layer().outputMasks(this.tf, in, m));
        }
      }
      for (int i = 0; i < out.values().size(); i++) {
        TensorRef ref = new TensorRef(s.spec().name(), s.node(), i);
        values.put(ref, out.values().get(i));
        Operand<TBool> mask = i < out.masks().size() ? out.masks().get(i) : null;
        if (mask != null) {
          masks.put(ref, mask);
        }
      }
    }

    @SuppressWarnings("unchecked")
    private Operand<TBool> bool(Operand<?> x) {
      return x.type() == TBool.class ? (Operand<TBool>) x : tf.dtypes.cast(x, TBool.class);
    }

    /** Keras converts each input to its InputLayer's dtype. */
    @SuppressWarnings("unchecked")
    private Operand<?> castInput(Operand<?> x, InputLayer in) {
      DType f = in.floatDtype();
      if (f != null && x.type() != f.tfType()) {
        return tf.dtypes.cast(x, f.tfType());
      }
      if (f == null && in.dtypeName().equals("int32") && x.type() != TInt32.class) {
        return tf.dtypes.cast(x, TInt32.class);
      }
      return x;
    }
  }
}
