package dev.kerasrnn.model;

import static dev.kerasrnn.model.InboundNodes.brief;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.rnn.RnnReaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a model config ({@code model.to_json()}, a {@code .keras} archive's {@code config.json},
 * a legacy {@code .h5}'s {@code model_config}) of either era into a {@link ModelSpec}: Sequential
 * (with or without an explicit InputLayer) and Functional graphs. Layer configs themselves are
 * read later, by {@link LayerRegistry}.
 */
final class ModelConfigParser {
  static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");
  /** At most this many layers (a guard against absurd configs). */
  static final int MAX_LAYERS = 100_000;

  private ModelConfigParser() {}

  /**
   * @param where the file (and nesting) the config came from, for messages
   * @throws ConfigException naming {@code where} and the offending entry
   */
  static ModelSpec parse(JsonNode model, String where) {
    return parse(model, where, null);
  }

  /**
   * {@link #parse(JsonNode, String)} with the era, which says how references to the calls of a
   * nested model are numbered (see {@link #renumberNested}); null: no nested models expected.
   */
  static ModelSpec parse(JsonNode model, String where, KerasEra era) {
    if (model == null || !model.isObject()) {
      throw new ConfigException(where + ": the model config must be a JSON object, given "
          + brief(model));
    }
    String cls = model.path("class_name").asText("");
    JsonNode config = model.get("config");
    if (!MODEL_CLASSES.contains(cls)) {
      throw new ConfigException(where + ": expected a model of class Sequential or Functional,"
          + " found class_name " + brief(model.get("class_name")));
    }
    if (config == null || !config.isObject()) {
      throw new ConfigException(where + ": model '" + cls + "' lacks its object 'config'");
    }
    JsonNode layers = config.get("layers");
    if (layers == null || !layers.isArray()) {
      throw new ConfigException(where + ": model config lacks the list 'layers'");
    }
    if (layers.size() > MAX_LAYERS) {
      throw new ConfigException(where + ": " + layers.size() + " layers; at most " + MAX_LAYERS
          + " are accepted");
    }
    String name = config.path("name").asText(cls.toLowerCase(java.util.Locale.ROOT));
    return cls.equals("Sequential")
        ? sequential(name, config, layers, where)
        : functional(name, cls, config, layers, where, era);
  }

  /** Whether a layer entry is a whole model used as a layer (Keras's nested model). */
  static boolean isModel(JsonNode layer) {
    return MODEL_CLASSES.contains(layer.path("class_name").asText(""));
  }

  private static ModelSpec sequential(String name, JsonNode config, JsonNode layers,
      String where) {
    if (layers.isEmpty()) {
      throw new ConfigException(where + ": Sequential model '" + name + "' has no layers");
    }
    List<LayerSpec> specs = new ArrayList<>();
    List<String> saved = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int first = 0;
    LayerSpec input;
    JsonNode l0 = layers.get(0);
    if ("InputLayer".equals(l0.path("class_name").asText())) {
      input = new LayerSpec(layerName(l0, where), "InputLayer", l0, List.of());
      first = 1;
    } else {
      input = syntheticInput(l0, config, where);
    }
    specs.add(input);
    names.add(input.name());
    TensorRef previous = new TensorRef(input.name(), 0, 0);
    for (int i = first; i < layers.size(); i++) {
      JsonNode l = layers.get(i);
      String lname = layerName(l, where);
      if (!names.add(lname)) {
        throw new ConfigException(where + ": two layers are named '" + lname + "'");
      }
      if ("InputLayer".equals(l.path("class_name").asText())) {
        throw new ConfigException(where + ": InputLayer '" + lname + "' in the middle of a"
            + " Sequential model");
      }
      NodeSpec node = new NodeSpec(List.of(previous), List.of(), null, 1);
      specs.add(new LayerSpec(lname, className(l, where), l, List.of(node)));
      saved.add(lname);
      previous = new TensorRef(lname, 0, 0);
    }
    return new ModelSpec(name, "Sequential", specs, List.of(new TensorRef(input.name(), 0, 0)),
        List.of(previous), saved);
  }

  /** The InputLayer Keras creates for a Sequential whose first layer declares its input shape. */
  private static LayerSpec syntheticInput(JsonNode firstLayer, JsonNode config, String where) {
    JsonNode c = firstLayer.path("config");
    JsonNode shape = c.has("batch_input_shape") ? c.get("batch_input_shape")
        : c.has("batch_shape") ? c.get("batch_shape") : config.get("build_input_shape");
    if (shape == null || !shape.isArray()) {
      throw new ConfigException(where + ": Sequential model without an input shape (no"
          + " InputLayer, no batch_input_shape on its first layer, no build_input_shape)");
    }
    String name = layerName(firstLayer, where) + "_input";
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("class_name", "InputLayer");
    ObjectNode ic = json.putObject("config");
    ic.set("batch_shape", shape);
    JsonNode dtype = c.get("dtype");
    ic.put("dtype", dtype != null && dtype.isTextual() ? dtype.asText() : "float32");
    ic.put("name", name);
    return new LayerSpec(name, "InputLayer", json, List.of());
  }

  private static ModelSpec functional(String name, String cls, JsonNode config, JsonNode layers,
      String where, KerasEra era) {
    List<LayerSpec> specs = new ArrayList<>();
    List<String> saved = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode l : layers) {
      String lname = layerName(l, where);
      if (!names.add(lname)) {
        throw new ConfigException(where + ": two layers are named '" + lname + "'");
      }
      String lcls = className(l, where);
      boolean recurrent = RnnReaders.RECURRENT.contains(lcls);
      boolean op = KerasOp.isOp(l);
      if (!op && !l.has("module") && KerasOp.SUPPORTED.contains(lcls)
          && !RnnReaders.RECURRENT.contains(lcls) && !lcls.equals("Concatenate")) {
        throw new ConfigException(where + ": layer '" + lname + "' (" + lcls + ") is a Keras 3"
            + " operation (Keras 3 records the masks of Masking and Embedding layers as"
            + " operations in Functional models) that Keras's legacy .h5 writer saved without"
            + " its module; Keras 3.6 itself cannot load this file (\"Unknown layer: '" + lcls
            + "'\"). Save the model as .keras instead.");
      }
      List<NodeSpec> nodes = InboundNodes.parse(l.get("inbound_nodes"),
          where + ": layer '" + lname + "'", recurrent, op, isModel(l),
          InboundNodes.positionalNames(lcls));
      if (lcls.equals("InputLayer") && !nodes.isEmpty()) {
        throw new ConfigException(where + ": InputLayer '" + lname + "' has inbound nodes");
      }
      specs.add(new LayerSpec(lname, lcls, l, nodes));
      if (!op) {
        // Keras 3's model.layers lists layers, not the operations recorded beside them.
        saved.add(lname);
      }
    }
    List<TensorRef> inputs = refs(config.get("input_layers"), where, "input_layers");
    List<TensorRef> outputs = refs(config.get("output_layers"), where, "output_layers");
    Map<String, Integer> offsets = nestedOffsets(specs, era, where);
    if (!offsets.isEmpty()) {
      Map<String, Integer> argOffsets = era == KerasEra.KERAS_2 ? offsets : Map.of();
      List<LayerSpec> renumbered = new ArrayList<>();
      for (LayerSpec l : specs) {
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : l.nodes()) {
          String at = where + ": layer '" + l.name() + "'";
          nodes.add(new NodeSpec(renumber(n.inputs(), argOffsets, at),
              renumber(n.initialState(), argOffsets, at),
              n.mask() == null ? null : renumber(List.of(n.mask()), argOffsets, at).get(0),
              n.tensorArguments(), renumberNullable(n.maskList(), argOffsets, at),
              n.options(), renumberNamed(n.namedTensors(), argOffsets, at)));
        }
        renumbered.add(new LayerSpec(l.name(), l.className(), l.json(), nodes));
      }
      specs = renumbered;
      outputs = renumber(outputs, offsets, where + ": output_layers");
    }
    for (TensorRef in : inputs) {
      LayerSpec s = specs.stream().filter(l -> l.name().equals(in.layer())).findFirst()
          .orElseThrow(() -> new ConfigException(where + ": input_layers names unknown layer '"
              + in.layer() + "'"));
      if (!s.className().equals("InputLayer")) {
        throw new ConfigException(where + ": model input '" + in.layer() + "' is a "
            + s.className() + ", expected an InputLayer");
      }
    }
    return new ModelSpec(name, cls.equals("Model") ? "Functional" : cls, specs, inputs, outputs,
        saved);
  }

  /**
   * How many node indices the references to each nested model's calls skip. Both eras count a
   * built-in first node for models "constructed with an Input" and leave it out of the config;
   * tf-keras (functional.get_network_config, {@code _should_skip_first_node}) shifts every
   * reference to a Functional, or to a Sequential whose first layer is its InputLayer, by one;
   * Keras 3 shifts only {@code output_layers} references to a Functional (get_config's {@code
   * node_reindexing_map}; call arguments count the model's own calls from 0, serialize_node), a
   * Keras 3 Sequential not being a Functional. A tf-keras Sequential without an InputLayer is
   * refused: whether tf-keras shifts its references depends on how it was built.
   */
  private static Map<String, Integer> nestedOffsets(List<LayerSpec> specs, KerasEra era,
      String where) {
    Map<String, Integer> out = new HashMap<>();
    for (LayerSpec l : specs) {
      if (!isModel(l.json())) {
        continue;
      }
      if (era == null) {
        throw new ConfigException(where + ": layer '" + l.name() + "' is a nested "
            + l.className() + " model; its era is needed to read it");
      }
      boolean functional = !l.className().equals("Sequential");
      if (era == KerasEra.KERAS_2) {
        JsonNode first = l.config().path("layers").path(0);
        boolean input = "InputLayer".equals(first.path("class_name").asText());
        if (!functional && !input) {
          throw new ConfigException(where + ": nested Sequential '" + l.name() + "' has no"
              + " InputLayer; how tf-keras numbers its calls then depends on how it was built,"
              + " so it is refused (build the inner Sequential with keras.Input)");
        }
        out.put(l.name(), 1);
      } else {
        out.put(l.name(), functional ? 1 : 0);
      }
    }
    return out;
  }

  /** {@link #renumber} of a call's named tensors. */
  private static Map<String, TensorRef> renumberNamed(Map<String, TensorRef> refs,
      Map<String, Integer> offsets, String at) {
    Map<String, TensorRef> out = new java.util.LinkedHashMap<>();
    refs.forEach((k, r) -> out.put(k, renumber(List.of(r), offsets, at).get(0)));
    return out;
  }

  /** {@link #renumber} of a list whose entries may be null (a call's mask list). */
  private static List<TensorRef> renumberNullable(List<TensorRef> refs,
      Map<String, Integer> offsets, String at) {
    List<TensorRef> out = new ArrayList<>();
    for (TensorRef r : refs) {
      out.add(r == null ? null : renumber(List.of(r), offsets, at).get(0));
    }
    return out;
  }

  private static List<TensorRef> renumber(List<TensorRef> refs, Map<String, Integer> offsets,
      String at) {
    List<TensorRef> out = new ArrayList<>();
    for (TensorRef r : refs) {
      int skip = offsets.getOrDefault(r.layer(), 0);
      if (r.node() < skip) {
        throw new ConfigException(at + ": reads tensor " + r + " of nested model '" + r.layer()
            + "', whose saved calls are numbered from " + skip);
      }
      out.add(new TensorRef(r.layer(), r.node() - skip, r.index()));
    }
    return out;
  }

  /** {@code [[name, node, tensor], ...]} or a single {@code [name, node, tensor]}. */
  private static List<TensorRef> refs(JsonNode v, String where, String key) {
    if (v == null || !v.isArray() || v.isEmpty()) {
      throw new ConfigException(where + ": model config lacks a non-empty list '" + key
          + "', given " + brief(v));
    }
    List<TensorRef> out = new ArrayList<>();
    if (v.get(0).isTextual()) {
      out.add(InboundNodes.ref(v, where + ": " + key));
      return out;
    }
    for (JsonNode r : v) {
      out.add(InboundNodes.ref(r, where + ": " + key));
    }
    return out;
  }

  private static String className(JsonNode l, String where) {
    JsonNode c = l.get("class_name");
    if (c == null || !c.isTextual() || c.asText().isEmpty()) {
      throw new ConfigException(where + ": a layer entry lacks 'class_name': " + brief(l));
    }
    return c.asText();
  }

  private static String layerName(JsonNode l, String where) {
    if (!l.isObject()) {
      throw new ConfigException(where + ": a layer entry must be an object, given " + brief(l));
    }
    JsonNode n = l.get("name");
    if (n == null || !n.isTextual()) {
      n = l.path("config").get("name");
    }
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw new ConfigException(where + ": a layer of class " + brief(l.get("class_name"))
          + " lacks a 'name'");
    }
    return n.asText();
  }
}
