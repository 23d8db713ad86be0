package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerasrnn.layers.Layer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The functional graph Keras 3's {@code Sequential.build} makes of a Sequential model: each layer
 * called on the symbolic output of the one before ({@code x = layer(x)}). A symbolic call records
 * the ops a layer's {@code compute_mask} runs as graph nodes of their own ({@code Masking}: {@code
 * any(not_equal(x, mask_value), axis=-1)}; {@code Embedding(mask_zero=True)}: {@code
 * not_equal(ids, 0)}), and a layer whose call takes a {@code mask} gets that symbolic mask as an
 * explicit {@code mask=} argument. Keras runs the Sequential through this graph, so its traced
 * {@code predict()} function holds those ops at model level.
 */
final class SequentialGraph {
  /** Keras 3 layers whose {@code compute_mask} returns the previous mask (supports_masking). */
  private static final Set<String> PASS = Set.of("Dense", "Activation", "Dropout",
      "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
      "GaussianDropout", "AlphaDropout", "ActivityRegularization", "BatchNormalization",
      "LayerNormalization", "GroupNormalization", "UnitNormalization", "TimeDistributed",
      "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "Identity", "Rescaling", "Normalization");
  /** Keras 3 layers whose mask passes when {@code return_sequences} (RNN.compute_mask). */
  private static final Set<String> SEQUENCES = Set.of("SimpleRNN", "LSTM", "GRU", "RNN",
      "Bidirectional");

  private SequentialGraph() {}

  /** The spec with the symbolic mask ops and explicit masks added; unchanged if none. */
  static ModelSpec of(ModelSpec spec, Map<String, Layer> layers) {
    List<LayerSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    spec.layers().forEach(l -> names.add(l.name()));
    TensorRef mask = null;
    boolean changed = false;
    for (LayerSpec l : spec.layers()) {
      if (l.nodes().isEmpty()) {
        out.add(l);
        continue;
      }
      NodeSpec node = l.nodes().get(0);
      TensorRef in = node.inputs().get(0);
      if (mask != null && layers.get(l.name()).takesMask()) {
        node = new NodeSpec(node.inputs(), node.initialState(), mask, node.tensorArguments(),
            node.maskList(), node.options(), node.namedTensors());
        l = new LayerSpec(l.name(), l.className(), l.json(), List.of(node));
        changed = true;
      }
      out.add(l);
      JsonNode c = l.config();
      switch (l.className()) {
        case "Masking": {
          LayerSpec ne = op(names, "NotEqual", "not_equal", in, c.path("mask_value"), null);
          ObjectNode anyConfig = JsonNodeFactory.instance.objectNode().put("axis", -1)
              .put("keepdims", false);
          LayerSpec any = op(names, "Any", "any", new TensorRef(ne.name(), 0, 0), null,
              anyConfig);
          out.add(ne);
          out.add(any);
          mask = new TensorRef(any.name(), 0, 0);
          changed = true;
          break;
        }
        case "Embedding":
          if (c.path("mask_zero").asBoolean(false)) {
            LayerSpec ne = op(names, "NotEqual", "not_equal", in,
                JsonNodeFactory.instance.numberNode(0), null);
            out.add(ne);
            mask = new TensorRef(ne.name(), 0, 0);
            changed = true;
          } else {
            mask = null;
          }
          break;
        default:
          boolean passes = PASS.contains(l.className()) || SEQUENCES.contains(l.className())
              && sequences(l);
          mask = passes ? mask : null;
      }
    }
    return changed ? new ModelSpec(spec.name(), spec.className(), out, spec.inputs(),
        spec.outputs(), spec.savedLayers()) : spec;
  }

  private static boolean sequences(LayerSpec l) {
    JsonNode c = l.className().equals("Bidirectional") ? l.config().path("layer").path("config")
        : l.config();
    return c.path("return_sequences").asBoolean(false);
  }

  /** An op node as Keras 3 records it: {@code op(tensor[, constant])}, named uniquely. */
  private static LayerSpec op(Set<String> names, String cls, String base, TensorRef in,
      JsonNode constant, ObjectNode config) {
    String name = base;
    for (int i = 1; names.contains(name); i++) {
      name = base + "_" + i;
    }
    names.add(name);
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode json = f.objectNode();
    json.put("module", "keras.src.ops.numpy");
    json.put("class_name", cls);
    ObjectNode c = config == null ? f.objectNode() : config.deepCopy();
    c.put("name", name);
    json.set("config", c);
    json.put("name", name);
    ObjectNode call = json.putArray("inbound_nodes").addObject();
    call.putArray("args").addObject().put("class_name", "__keras_tensor__");
    if (constant != null) {
      call.withArray("args").add(constant);
    }
    call.putObject("kwargs");
    return new LayerSpec(name, cls, json, List.of(new NodeSpec(List.of(in), List.of(), null, 1)));
  }
}
