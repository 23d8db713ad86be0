package dev.kerasrnn.model;

import static dev.kerasrnn.model.InboundNodes.brief;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

/**
 * A Keras 3 operation recorded in a functional graph ({@code module: keras.src.ops.numpy}): Keras 3
 * records the ops its layers' {@code compute_mask} run on symbolic tensors ({@code Masking}:
 * {@code any(not_equal(x, mask_value), axis=-1)}, {@code Embedding}: {@code not_equal(ids, 0)},
 * merge layers: {@code logical_or(m0, m1, ...)}, {@code Concatenate}: {@code any(concatenate(
 * [broadcast_to(expand_dims(m, -1), shape), ones_like(x, dtype="bool"), ...]), axis=-1)}) and
 * passes their results
 * as explicit {@code mask=} arguments. The boolean ops of those mask computations are supported;
 * any other op is refused at load.
 */
final class KerasOp implements Layer {
  static final Set<String> SUPPORTED = Set.of("NotEqual", "Equal", "Any", "All", "ExpandDims",
      "Squeeze", "Concatenate", "LogicalAnd", "LogicalOr", "LogicalNot", "BroadcastTo",
      "OnesLike", "Cast");

  private final String name;
  private final String op;
  private final JsonNode config;
  /** Positional arguments of the recorded call: a TensorRef placeholder (null) or a constant. */
  private final List<JsonNode> constants;

  private KerasOp(String name, String op, JsonNode config, List<JsonNode> constants) {
    this.name = name;
    this.op = op;
    this.config = config;
    this.constants = constants;
  }

  /** Whether a config entry is a Keras 3 operation rather than a layer. */
  static boolean isOp(JsonNode entry) {
    return entry.path("module").asText("").startsWith("keras.src.ops");
  }

  static KerasOp create(LayerSpec spec, String where) {
    String at = where + ": operation '" + spec.name() + "' (" + spec.className() + ")";
    if (!SUPPORTED.contains(spec.className())) {
      throw new ConfigException(at + ": unsupported Keras operation; supported: " + SUPPORTED);
    }
    if (spec.nodes().size() != 1) {
      throw new ConfigException(at + ": expected exactly one call, found " + spec.nodes().size());
    }
    JsonNode c = spec.config();
    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!Set.of("name", "axis", "keepdims", "shape", "dtype").contains(k)
          || k.equals("shape") != spec.className().equals("BroadcastTo")
          || k.equals("dtype") != spec.className().equals("Cast")) {
        throw new ConfigException(at + ": unrecognized config key '" + k + "'");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it =
        spec.json().path("inbound_nodes").path(0).path("kwargs").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      boolean boolOnes = spec.className().equals("OnesLike") && e.getKey().equals("dtype")
          && e.getValue().asText().equals("bool");
      if (!boolOnes) {
        throw new ConfigException(at + ": unsupported call argument '" + e.getKey() + "' = "
            + brief(e.getValue()));
      }
    }
    if (spec.className().equals("OnesLike")
        && !spec.json().path("inbound_nodes").path(0).path("kwargs").has("dtype")) {
      throw new ConfigException(at + ": only ones_like(x, dtype=\"bool\") (a mask) is supported");
    }
    if (spec.className().equals("BroadcastTo")) {
      JsonNode shape = c.path("shape");
      boolean known = shape.isArray() && !shape.isEmpty();
      for (JsonNode d : shape) {
        known &= d.canConvertToInt() && d.asInt() > 0;
      }
      if (!known) {
        throw new ConfigException(at + ": broadcast_to a shape with unknown sizes " + brief(shape)
            + " (Keras 3 records it so for a Concatenate of masked and unmasked inputs with an"
            + " unknown batch size, and cannot run it itself)");
      }
    }
    if (spec.className().equals("Cast")) {
      String d = c.path("dtype").asText("");
      if (!Set.of("float16", "bfloat16", "float32", "float64").contains(d)) {
        throw new ConfigException(at + ": cast to '" + d + "' is not supported (float dtypes"
            + " only)");
      }
    }
    List<JsonNode> constants = new ArrayList<>();
    JsonNode args = spec.json().path("inbound_nodes").path(0).path("args");
    for (JsonNode a : args) {
      boolean tensor = a.isObject() || a.isArray();
      if (!tensor && !a.isNumber() && !a.isBoolean()) {
        throw new ConfigException(at + ": unsupported constant argument " + brief(a));
      }
      constants.add(tensor ? null : a);
    }
    return new KerasOp(spec.name(), spec.className(), c, constants);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kerasClassName() {
    return op;
  }

  @Override
  public void build(List<long[]> inputShapes) {}

  @Override
  public boolean isBuilt() {
    return true;
  }

  @Override
  public List<Variable> weights() {
    return List.of();
  }

  @Override
  public List<RecurrentLayer.WeightGroup> weightGroups() {
    return List.of();
  }

  @Override
  public List<long[]> outputShapes(List<long[]> in) {
    switch (op) {
      case "Any":
      case "All": {
        long[] s = in.get(0);
        boolean all = config.get("axis") == null || config.get("axis").isNull();
        int axis = all ? -1 : axis(s.length);
        boolean keep = config.path("keepdims").asBoolean(false);
        List<Long> out = new ArrayList<>();
        for (int d = 0; d < s.length; d++) {
          if (all || d == axis) {
            if (keep) {
              out.add(1L);
            }
          } else {
            out.add(s[d]);
          }
        }
        return List.of(out.stream().mapToLong(Long::longValue).toArray());
      }
      case "ExpandDims": {
        long[] s = in.get(0);
        int axis = axis(s.length + 1);
        long[] out = new long[s.length + 1];
        for (int d = 0, j = 0; d < out.length; d++) {
          out[d] = d == axis ? 1 : s[j++];
        }
        return List.of(out);
      }
      case "Squeeze": {
        long[] s = in.get(0);
        int axis = axis(s.length);
        List<Long> out = new ArrayList<>();
        for (int d = 0; d < s.length; d++) {
          if (d != axis) {
            out.add(s[d]);
          }
        }
        return List.of(out.stream().mapToLong(Long::longValue).toArray());
      }
      case "BroadcastTo":
        return List.of(shapeConfig());
      case "OnesLike":
        return List.of(in.get(0).clone());
      case "Concatenate": {
        long[] out = in.get(0).clone();
        int axis = axis(out.length);
        for (int i = 1; i < in.size(); i++) {
          long d = in.get(i)[axis];
          out[axis] = out[axis] < 0 || d < 0 ? -1 : out[axis] + d;
        }
        return List.of(out);
      }
      default: {
        long[] out = in.get(0).clone();
        for (long[] s : in.subList(1, in.size())) {
          if (s.length > out.length) {
            out = s.clone();
          }
        }
        return List.of(out);
      }
    }
  }

  private long[] shapeConfig() {
    long[] shape = new long[config.path("shape").size()];
    for (int d = 0; d < shape.length; d++) {
      shape[d] = config.path("shape").get(d).asLong();
    }
    return shape;
  }

  private int axis(int rank) {
    int a = config.path("axis").isArray() ? config.path("axis").path(0).asInt(-1)
        : config.path("axis").asInt(-1);
    if (config.path("axis").isArray() && config.path("axis").size() != 1) {
      throw new ConfigException("operation '" + name + "': only a single axis is supported");
    }
    return a < 0 ? a + rank : a;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    List<Operand<?>> args = new ArrayList<>();
    int t = 0;
    if (op.equals("Concatenate")) {
      args.addAll(inputs);
    } else {
      for (JsonNode c : constants) {
        if (c == null) {
          args.add(inputs.get(t++));
        } else {
          args.add(constantLike(tf, c, inputs.get(0)));
        }
      }
    }
    Operand<?> out;
    switch (op) {
      case "NotEqual":
        out = tf.math.notEqual((Operand) args.get(0), (Operand) args.get(1));
        break;
      case "Equal":
        out = tf.math.equal((Operand) args.get(0), (Operand) args.get(1));
        break;
      case "LogicalAnd":
        out = tf.math.logicalAnd(bool(tf, args.get(0)), bool(tf, args.get(1)));
        break;
      case "LogicalOr":
        out = tf.math.logicalOr(bool(tf, args.get(0)), bool(tf, args.get(1)));
        break;
      case "LogicalNot":
        out = tf.math.logicalNot(bool(tf, args.get(0)));
        break;
      case "Any":
      case "All": {
        Operand<TBool> x = bool(tf, args.get(0));
        boolean keep = config.path("keepdims").asBoolean(false);
        Py.OpScope s = Py.op(tf, op);
        // keras.ops.Any/All keep an int axis as a one-element list: a vector reduction_indices.
        Operand<org.tensorflow.types.TInt32> axes = config.get("axis") == null
            || config.get("axis").isNull()
            ? tf.range(tf.constant(0), tf.rank(x), tf.constant(1))
            : PyConst.vector(s.inner().withName("reduction_indices"),
                config.path("axis").isArray() ? config.path("axis").path(0).asInt()
                : config.path("axis").asInt());
        out = op.equals("Any")
            ? s.op().any(x, axes, org.tensorflow.op.core.Any.keepDims(keep))
            : s.op().all(x, axes, org.tensorflow.op.core.All.keepDims(keep));
        break;
      }
      case "ExpandDims": {
        Py.OpScope s = Py.op(tf, "ExpandDims");
        // The TensorFlow backend canonicalizes the axis (non-negative) before tf.expand_dims.
        int rank = args.get(0).shape().numDimensions();
        out = s.op().expandDims((Operand) args.get(0),
            PyConst.scalar(s.inner().withName("dim"), axis(rank + 1)));
        break;
      }
      case "Squeeze":
        out = config.get("axis") == null || config.get("axis").isNull()
            ? tf.squeeze((Operand) args.get(0))
            : Py.named(tf, "Squeeze").squeeze((Operand) args.get(0),
                Squeeze.axis((long) axis(args.get(0).shape().numDimensions())));
        break;
      case "Concatenate": {
        if (args.isEmpty()) {
          throw new ConfigException("op layer '" + name() + "': concatenate of no tensors");
        }
        Py.OpScope s = Py.op(tf, "concat");
        out = s.op().concat((Iterable) args,
            PyConst.scalar(s.inner().withName("axis"), config.path("axis").asInt(0)));
        break;
      }
      case "BroadcastTo": {
        Py.OpScope s = Py.op(tf, "BroadcastTo");
        long[] shape = shapeConfig();
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
          dims[i] = (int) shape[i];
        }
        out = s.op().broadcastTo((Operand) args.get(0),
            PyConst.vector(s.inner().withName("shape"), dims));
        break;
      }
      case "Cast": {
        // keras.ops.cast: tf.cast, no op when the dtype is already the target.
        DType to = DType.fromKerasName(config.path("dtype").asText());
        Operand<?> x = args.get(0);
        out = x.type() == to.tfType() ? x
            : Py.named(tf, "Cast").dtypes.cast((Operand) x, to.tfType());
        break;
      }
      case "OnesLike":
        out = PyConst.bools(Py.named(tf, "ones_like"), true,
            args.get(0).shape().asArray());
        break;
      default:
        throw new ConfigException("operation '" + name + "': unsupported " + op);
    }
    return Outputs.of(out);
  }

  @SuppressWarnings("unchecked")
  private static Operand<TBool> bool(Ops tf, Operand<?> x) {
    return x.type() == TBool.class ? (Operand<TBool>) x : tf.dtypes.cast(x, TBool.class);
  }

  /**
   * A scalar argument as Keras 3's TensorFlow backend converts it: a bool as is, an int for an
   * int tensor, a float as float32 then cast to {@code like}'s dtype.
   */
  @SuppressWarnings("unchecked")
  private static Operand<?> constantLike(Ops tf, JsonNode c, Operand<?> like) {
    if (c.isBoolean()) {
      return tf.constant(c.asBoolean());
    }
    if (TFloating.class.isAssignableFrom(like.type()) || like.type() == TInt32.class) {
      return KOps.pythonFloat(tf, c.asDouble(), (Operand<TType>) like);
    }
    return tf.dtypes.cast(tf.constant(c.asDouble()), (Class<TType>) like.type());
  }
}
