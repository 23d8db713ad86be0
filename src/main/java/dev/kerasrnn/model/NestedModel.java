package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.KerasNames;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.rnn.RecurrentLayer.WeightGroup;
import dev.kerasrnn.layers.rnn.TimeLoop;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;

/**
 * A Sequential or Functional model used as a layer of another model (Keras's nested model:
 * {@code y = encoder(x)}, possibly called several times with the same weights). Each call runs
 * the inner model's graph on the call's tensors. Its weights are the inner model's: under {@code
 * layers/<sequential|functional>[_i]/layers/...} in Keras 3 files (the inner layers numbered
 * within the inner model), and in a legacy {@code .h5} as one layer whose weights are the inner
 * model's {@code trainable_weights + non_trainable_weights} (tf-keras and Keras 3's {@code
 * _legacy_weights}).
 *
 * <p>Masks go in and out as both eras' Functional does: the call's masks (the explicit {@code
 * mask=}, else the inputs' own) are set on the inner model's inputs ({@code Functional.call} /
 * {@code _run_internal_graph}), the inner layers take them as at top level, and the outputs carry
 * the masks the inner graph left on them (Keras 3's Functional does not support masking, so
 * {@code Layer.__call__} adds none; tf-keras computes output and mask jointly).
 */
final class NestedModel implements Layer {
  private final Model inner;
  private final String className;
  /** The inner model's config ({@code trainable} decides its legacy weight order). */
  private final JsonNode modelConfig;

  NestedModel(Model inner, String className, JsonNode modelConfig, String where) {
    this.inner = inner;
    this.modelConfig = modelConfig;
    this.className = className.equals("Model") ? "Functional" : className;
    if (inner.hasStatefulLayers()) {
      throw new ConfigException(where + ": nested model '" + inner.name() + "' holds stateful"
          + " layers; stateful layers are supported in the outer model only");
    }
  }

  Model inner() {
    return inner;
  }

  @Override
  public String name() {
    return inner.name();
  }

  /** {@code Sequential} or {@code Functional} (an old config's {@code Model} is a Functional). */
  @Override
  public String kerasClassName() {
    return className;
  }

  @Override
  public void build(List<long[]> inputShapes) {
    List<InputLayer> ins = inner.inputs();
    if (inputShapes.size() != ins.size()) {
      throw new ConfigException("nested model '" + name() + "' takes " + ins.size()
          + " input(s), called on " + inputShapes.size());
    }
    for (int i = 0; i < ins.size(); i++) {
      long[] declared = ins.get(i).batchShape();
      long[] given = inputShapes.get(i);
      boolean fits = declared.length == given.length;
      for (int d = 0; fits && d < given.length; d++) {
        fits = declared[d] < 0 || given[d] < 0 || declared[d] == given[d];
      }
      if (!fits) {
        throw new ConfigException("nested model '" + name() + "' input '" + ins.get(i).name()
            + "' has shape " + Model.shapeString(declared) + ", called on "
            + Model.shapeString(given));
      }
    }
  }

  @Override
  public boolean isBuilt() {
    return false;
  }

  /** The inner model's output shapes, the batch size taken from the call when it has one. */
  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long batch = inputShapes.isEmpty() || inputShapes.get(0).length == 0 ? -1
        : inputShapes.get(0)[0];
    List<long[]> out = new ArrayList<>();
    for (long[] s : inner.outputShapes()) {
      long[] c = s.clone();
      if (c.length > 0 && c[0] < 0) {
        c[0] = batch;
      }
      out.add(c);
    }
    return out;
  }

  /** Functional.call and Sequential.call take {@code mask} in both eras. */
  @Override
  public boolean takesMask() {
    return true;
  }

  /**
   * Keras's {@code _legacy_weights}, the order of a legacy {@code .h5} group: the trainable
   * weights in layer order, then the others. A weight is trainable unless the model, its layer
   * (or a model between) has {@code trainable: false} or it is a BatchNormalization moving
   * statistic; a frozen model's weights are thus all in layer order.
   */
  @Override
  public List<Variable> weights() {
    Set<Variable> trainable = trainableWeights();
    List<Variable> out = new ArrayList<>();
    List<Variable> other = new ArrayList<>();
    for (Variable v : layerOrderWeights()) {
      (trainable.contains(v) ? out : other).add(v);
    }
    out.addAll(other);
    return out;
  }

  /** Every weight, layer after layer, each layer's own in its order; Keras's {@code weights}. */
  private List<Variable> layerOrderWeights() {
    List<Variable> out = new ArrayList<>();
    for (String n : inner.spec().savedLayers()) {
      Layer l = inner.layer(n);
      out.addAll(l instanceof NestedModel m ? m.layerOrderWeights() : l.weights());
    }
    return out;
  }

  private Set<Variable> trainableWeights() {
    Set<Variable> out = Collections.newSetFromMap(new IdentityHashMap<>());
    if (!trainable(inner.spec().name(), null)) {
      return out;
    }
    for (String n : inner.spec().savedLayers()) {
      if (!trainable(n, inner)) {
        continue;
      }
      Layer l = inner.layer(n);
      if (l instanceof NestedModel m) {
        out.addAll(m.trainableWeights());
      } else {
        for (Variable v : l.weights()) {
          if (!ModelSummary.isNonTrainable(v)) {
            out.add(v);
          }
        }
      }
    }
    return out;
  }

  /** The {@code trainable} of the inner model (model null) or of its layer {@code name}. */
  private boolean trainable(String name, Model model) {
    JsonNode c = model == null ? modelConfig
        : model.spec().layers().stream().filter(x -> x.name().equals(name)).findFirst()
            .orElseThrow().config();
    return c.path("trainable").asBoolean(true);
  }

  /** The inner layers' groups under {@code layers/<snake_case class>[_i]}, numbered inside. */
  @Override
  public List<WeightGroup> weightGroups() {
    List<WeightGroup> out = new ArrayList<>();
    Map<String, Integer> used = new HashMap<>();
    for (String n : inner.spec().savedLayers()) {
      Layer l = inner.layer(n);
      String base = KerasNames.toSnakeCase(inner.savedClassName(n));
      int k = used.merge(base, 1, Integer::sum);
      String prefix = "layers/" + (k == 1 ? base : base + "_" + (k - 1));
      for (WeightGroup g : l.weightGroups()) {
        out.add(new WeightGroup(g.path().isEmpty() ? prefix : prefix + "/" + g.path(),
            g.variables()));
      }
    }
    return out;
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    return call(tf, inputs, masks, TimeLoop.DEFAULT);
  }

  /** One call: the inner model's graph on {@code inputs}, recurrent steps run as {@code loop}. */
  Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks, TimeLoop loop) {
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), "nested models (predict() graphs of a model"
          + " used as a layer are not rebuilt)");
    }
    return inner.runNested(tf, inputs, masks, loop);
  }

  /**
   * What in {@code spec} (nested models included) can make or pass a mask, or null: Masking,
   * Embedding(mask_zero=True), a boolean input, an explicit {@code mask=} argument.
   */
  static String maskSource(ModelSpec spec, KerasEra era) {
    for (LayerSpec l : spec.layers()) {
      JsonNode c = l.config();
      if (l.className().equals("Masking")) {
        return "has Masking layer '" + l.name() + "'";
      }
      if (l.className().equals("Embedding") && c.path("mask_zero").asBoolean(false)) {
        return "has Embedding(mask_zero=True) '" + l.name() + "'";
      }
      if (l.className().equals("InputLayer") && "bool".equals(c.path("dtype").asText(""))) {
        return "has boolean input '" + l.name() + "'";
      }
      if (KerasOp.isOp(l.json())) {
        return "records mask operation '" + l.name() + "'";
      }
      for (NodeSpec n : l.nodes()) {
        if (n.hasExplicitMask()) {
          return "passes an explicit mask to '" + l.name() + "'";
        }
      }
      if (ModelConfigParser.isModel(l.json())) {
        String inner = maskSource(ModelConfigParser.parse(l.json(), l.name(), era), era);
        if (inner != null) {
          return "nested model '" + l.name() + "' " + inner;
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "NestedModel[" + name() + ", " + className + "]";
  }
}
