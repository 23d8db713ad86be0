package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.ConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a layer's {@code inbound_nodes} in both forms Keras writes: tf-keras's lists {@code
 * [[["name", node, tensor, {kwargs}], ...]]} and Keras 3's {@code {"args": [{"class_name":
 * "__keras_tensor__", "config": {"keras_history": [name, node, tensor]}}], "kwargs": {...}}}
 * (Keras's {@code functional.process_node} / {@code deserialize_node}). Only the call arguments the
 * supported layers take are accepted ({@code mask}, a {@code mask=[...]} list, {@code
 * initial_state}, {@code training}, and boolean options that {@link Model} checks against the
 * layer's {@code callOptions}); anything else is refused, never dropped.
 */
final class InboundNodes {
  private static final String KERAS_TENSOR = "__keras_tensor__";
  private static final Set<String> IGNORED_KWARGS = Set.of("training");

  private InboundNodes() {}

  /**
   * The nodes of one layer.
   *
   * @param where the file and layer, for messages
   * @param recurrent whether extra inbound tensors are initial states (tf-keras RNN and
   *     Bidirectional append them to the inputs)
   */
  static List<NodeSpec> parse(JsonNode nodes, String where, boolean recurrent) {
    return parse(nodes, where, recurrent, false);
  }

  /** @param op a Keras 3 operation: scalar constants among the arguments are kept by it */
  static List<NodeSpec> parse(JsonNode nodes, String where, boolean recurrent, boolean op) {
    return parse(nodes, where, recurrent, op, false);
  }

  /**
   * @param model a nested model: Keras 3 records its call with several inputs as {@code "mask":
   *     [null, ...]}, one null per input, which for a Functional / Sequential call is no mask
   *     (a mask= of several inputs is refused at load, {@link Model})
   */
  static List<NodeSpec> parse(JsonNode nodes, String where, boolean recurrent, boolean op,
      boolean model) {
    return parse(nodes, where, recurrent, op, model, List.of());
  }

  /**
   * The names of the positional call parameters after the first of the Keras classes that take
   * several tensor arguments ({@code MultiHeadAttention(query, value, key, ...)}); empty for
   * others.
   */
  static List<String> positionalNames(String className) {
    return className.equals("MultiHeadAttention") || className.equals("GroupQueryAttention")
        ? List.of("value", "key") : List.of();
  }

  /**
   * @param positional the names of the positional parameters after the first ({@link
   *     #positionalNames}): those arguments, and tensor keyword arguments, become named tensors
   */
  static List<NodeSpec> parse(JsonNode nodes, String where, boolean recurrent, boolean op,
      boolean model, List<String> positional) {
    List<NodeSpec> out = new ArrayList<>();
    if (nodes == null || nodes.isNull()) {
      return out;
    }
    if (!nodes.isArray()) {
      throw new ConfigException(where + ": 'inbound_nodes' must be a list, given " + brief(nodes));
    }
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode n = nodes.get(i);
      String at = where + ", inbound node " + i;
      out.add(n.isObject() ? keras3(n, at, recurrent, op, model, positional)
          : legacy(n, at, recurrent, positional));
    }
    return out;
  }

  private static NodeSpec keras3(JsonNode n, String at, boolean recurrent, boolean op,
      boolean model, List<String> positional) {
    JsonNode args = n.path("args");
    if (!args.isArray() || args.isEmpty()) {
      throw new ConfigException(at + ": expected 'args' with the call's inputs, given "
          + brief(n));
    }
    List<TensorRef> inputs = new ArrayList<>();
    if (op) {
      for (JsonNode a : args) {
        if (a.isObject() || a.isArray()) {
          collectKeras3(a, inputs, at);
        }
      }
      return new NodeSpec(inputs, List.of(), null, 1);
    }
    collectKeras3(args.get(0), inputs, at);
    int tensorArguments = inputs.isEmpty() ? 0 : 1;
    List<TensorRef> initialState = new ArrayList<>();
    Map<String, TensorRef> named = new LinkedHashMap<>();
    TensorRef mask = null;
    for (int a = 1; a < args.size(); a++) {
      List<TensorRef> refs = new ArrayList<>();
      collectKeras3(args.get(a), refs, at);
      if (args.get(a).isNull()) {
        continue;
      }
      if (a - 1 < positional.size() && refs.size() == 1 && args.get(a).isObject()) {
        named.put(positional.get(a - 1), refs.get(0));
      } else if (recurrent && a == 1) {
        initialState.addAll(refs);
      } else if (recurrent && a == 2 && refs.size() == 1) {
        mask = refs.get(0);
      } else {
        throw new ConfigException(at + ": unsupported positional call argument " + a + ": "
            + brief(args.get(a)));
      }
      tensorArguments += refs.isEmpty() ? 0 : 1;
    }
    JsonNode kwargs = n.path("kwargs");
    List<TensorRef> maskList = new ArrayList<>();
    Map<String, Boolean> options = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = kwargs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      if (v.isNull() || IGNORED_KWARGS.contains(key)) {
        continue;
      }
      if (model && key.equals("mask") && allNull(v)) {
        continue;
      }
      if (v.isBoolean()) {
        options.put(key, v.asBoolean());
        continue;
      }
      if (key.equals("mask") && v.isArray() && v.size() >= 2) {
        for (JsonNode m : v) {
          List<TensorRef> one = new ArrayList<>();
          collectKeras3(m, one, at);
          if (one.size() > 1) {
            throw new ConfigException(at + ": a nested mask list is not supported: " + brief(v));
          }
          maskList.add(one.isEmpty() ? null : one.get(0));
        }
        tensorArguments++;
        continue;
      }
      List<TensorRef> refs = new ArrayList<>();
      collectKeras3(v, refs, at);
      if (!positional.isEmpty() && !key.equals("mask") && refs.size() == 1 && v.isObject()) {
        if (named.put(key, refs.get(0)) != null) {
          throw new ConfigException(at + ": call argument '" + key + "' given twice");
        }
      } else if (key.equals("mask") && refs.size() == 1) {
        mask = refs.get(0);
      } else if (key.equals("initial_state") && recurrent && !refs.isEmpty()) {
        initialState.addAll(refs);
      } else {
        throw new ConfigException(at + ": unsupported call argument '" + key + "' = " + brief(v));
      }
      tensorArguments++;
    }
    return new NodeSpec(inputs, initialState, mask, tensorArguments, maskList, options, named);
  }

  private static boolean allNull(JsonNode v) {
    if (!v.isArray()) {
      return v.isNull();
    }
    for (JsonNode e : v) {
      if (!allNull(e)) {
        return false;
      }
    }
    return true;
  }

  /** Appends the Keras tensors of a (possibly nested) argument; refuses constants. */
  private static void collectKeras3(JsonNode v, List<TensorRef> out, String at) {
    if (v.isNull()) {
      return;
    }
    if (v.isArray()) {
      for (JsonNode e : v) {
        collectKeras3(e, out, at);
      }
      return;
    }
    if (v.isObject() && KERAS_TENSOR.equals(v.path("class_name").asText())) {
      JsonNode h = v.path("config").path("keras_history");
      out.add(ref(h, at));
      return;
    }
    throw new ConfigException(at + ": expected Keras tensors (" + KERAS_TENSOR
        + ") in the call arguments, given " + brief(v) + "; constants are not supported");
  }

  private static NodeSpec legacy(JsonNode n, String at, boolean recurrent,
      List<String> positional) {
    if (!n.isArray()) {
      throw new ConfigException(at + ": expected a list of [layer, node, tensor, kwargs] entries,"
          + " given " + brief(n));
    }
    List<JsonNode> entries = new ArrayList<>();
    flattenLegacy(n, entries, at, 0);
    List<TensorRef> refs = new ArrayList<>();
    JsonNode kwargs = null;
    for (JsonNode e : entries) {
      if ("_CONSTANT_VALUE".equals(e.get(0).asText())) {
        throw new ConfigException(at + ": constant call inputs are not supported: " + brief(e));
      }
      refs.add(ref(e, at));
      if (e.size() > 3 && kwargs == null) {
        kwargs = e.get(3);
      }
    }
    List<TensorRef> inputs = refs;
    List<TensorRef> initialState = new ArrayList<>();
    if (recurrent && refs.size() > 1) {
      inputs = List.of(refs.get(0));
      initialState.addAll(refs.subList(1, refs.size()));
    }
    TensorRef mask = null;
    List<TensorRef> maskList = new ArrayList<>();
    Map<String, Boolean> options = new LinkedHashMap<>();
    Map<String, TensorRef> named = new LinkedHashMap<>();
    if (kwargs != null && kwargs.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = kwargs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        JsonNode v = e.getValue();
        if (v.isNull() || IGNORED_KWARGS.contains(key)) {
          continue;
        }
        if (!positional.isEmpty() && !key.equals("mask") && isLegacyRef(v)) {
          named.put(key, ref(v, at));
        } else if (key.equals("mask") && isLegacyRef(v)) {
          mask = ref(v, at);
        } else if (v.isBoolean()) {
          options.put(key, v.asBoolean());
        } else if (key.equals("mask") && v.isArray() && v.size() >= 2) {
          for (JsonNode m : v) {
            if (!m.isNull() && !isLegacyRef(m)) {
              throw new ConfigException(at + ": a mask list must hold tensors or None, given "
                  + brief(v));
            }
            maskList.add(m.isNull() ? null : ref(m, at));
          }
        } else if (key.equals("initial_state") && recurrent) {
          List<JsonNode> states = new ArrayList<>();
          flattenLegacy(v, states, at, 0);
          for (JsonNode s : states) {
            initialState.add(ref(s, at));
          }
        } else {
          throw new ConfigException(at + ": unsupported call argument '" + key + "' = "
              + brief(v));
        }
      }
    } else if (kwargs != null && !kwargs.isNull()) {
      throw new ConfigException(at + ": call arguments must be an object, given " + brief(kwargs));
    }
    return new NodeSpec(inputs, initialState, mask, 1, maskList, options, named);
  }

  private static boolean isLegacyRef(JsonNode v) {
    return v.isArray() && v.size() >= 3 && v.get(0).isTextual();
  }

  private static void flattenLegacy(JsonNode n, List<JsonNode> out, String at, int depth) {
    if (depth > 16) {
      throw new ConfigException(at + ": inbound node nested deeper than 16 levels");
    }
    if (isLegacyRef(n)) {
      out.add(n);
      return;
    }
    if (!n.isArray()) {
      throw new ConfigException(at + ": expected [layer, node, tensor, kwargs], given "
          + brief(n));
    }
    for (JsonNode e : n) {
      flattenLegacy(e, out, at, depth + 1);
    }
  }

  /** {@code [layer, node, tensor]} as a reference. */
  static TensorRef ref(JsonNode h, String at) {
    if (!h.isArray() || h.size() < 3 || !h.get(0).isTextual() || !h.get(1).canConvertToInt()
        || !h.get(2).canConvertToInt() || h.get(1).asInt() < 0 || h.get(2).asInt() < 0) {
      throw new ConfigException(at + ": expected a tensor reference [layer name, node index,"
          + " tensor index], given " + brief(h));
    }
    return new TensorRef(h.get(0).asText(), h.get(1).asInt(), h.get(2).asInt());
  }

  /** A JSON value shortened for messages. */
  static String brief(JsonNode v) {
    String s = String.valueOf(v);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
