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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * _legacy_weights}). Masks into or out of a nested model are refused at load ({@link Model}).
 */
final class NestedModel implements Layer {
  private final Model inner;
  private final String className;

  NestedModel(Model inner, String className, String where) {
    this.inner = inner;
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

  /** Keras's {@code _legacy_weights}: every trainable weight in layer order, then the others. */
  @Override
  public List<Variable> weights() {
    List<Variable> trainable = new ArrayList<>();
    List<Variable> other = new ArrayList<>();
    for (String n : inner.spec().savedLayers()) {
      for (Variable v : inner.layer(n).weights()) {
        (ModelSummary.isNonTrainable(v) ? other : trainable).add(v);
      }
    }
    trainable.addAll(other);
    return trainable;
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
    for (Operand<TBool> m : masks) {
      if (m != null) {
        // Refused at load already; never run with a mask dropped.
        throw new ConfigException("nested model '" + name() + "' called with a mask");
      }
    }
    List<Operand<?>> out = inner.runNested(tf, inputs, loop);
    List<Operand<TBool>> none = new ArrayList<>();
    out.forEach(o -> none.add(null));
    return new Outputs(out, none);
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
        if (n.mask() != null) {
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
