package dev.kerasrnn.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies as a client builds them from recorded arrays (each float written as the
 * decimal of its exact value, as Python's {@code json.dumps(x.tolist())} does), and response
 * values read back into arrays, parsed as a float64 client parses them (then rounded to the
 * output's precision, as NumPy's {@code astype} does).
 */
final class Payloads {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Payloads() {}

  /** The value (HostArray, IntArray; {@code asBool}: IntArray as booleans) nested as its shape. */
  static JsonNode nested(Object value, boolean asBool) {
    return nest(value, shape(value), 0, 0, asBool);
  }

  /** Row {@code i} of a batch, nested. */
  static JsonNode row(Object value, long i, boolean asBool) {
    long[] s = shape(value);
    long per = 1;
    for (int d = 1; d < s.length; d++) {
      per *= s[d];
    }
    return nest(value, s, 1, i * per, asBool);
  }

  /** Every element, flat, row-major. */
  static ArrayNode flat(Object value, boolean asBool) {
    ArrayNode a = F.arrayNode();
    for (long i = 0; i < count(shape(value)); i++) {
      a.add(leaf(value, i, asBool));
    }
    return a;
  }

  static ArrayNode shapeNode(Object value) {
    ArrayNode a = F.arrayNode();
    for (long d : shape(value)) {
      a.add(d);
    }
    return a;
  }

  static ObjectNode object() {
    return F.objectNode();
  }

  static ArrayNode array() {
    return F.arrayNode();
  }

  /** A float32 array of {@code shape} from a (nested or flat) JSON list of numbers. */
  static HostArray floats(JsonNode values, long[] shape) {
    List<JsonNode> leaves = new ArrayList<>();
    collect(values, leaves);
    float[] f = new float[leaves.size()];
    for (int i = 0; i < f.length; i++) {
      if (!leaves.get(i).isNumber()) {
        throw new AssertionError("not a number: " + leaves.get(i));
      }
      f[i] = (float) leaves.get(i).doubleValue();
      if (Float.floatToRawIntBits(f[i]) != Float.floatToRawIntBits(
          Float.parseFloat(leaves.get(i).asText()))) {
        throw new AssertionError("parsing " + leaves.get(i) + " as float32 and as float64"
            + " differ");
      }
    }
    return HostArray.ofFloats(shape, f);
  }

  /** The nesting shape of a JSON list. */
  static long[] shapeOf(JsonNode n) {
    List<Long> dims = new ArrayList<>();
    while (n.isArray()) {
      dims.add((long) n.size());
      n = n.get(0);
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isArray()) {
      n.forEach(e -> collect(e, out));
    } else {
      out.add(n);
    }
  }

  private static JsonNode nest(Object v, long[] shape, int depth, long offset, boolean asBool) {
    if (depth == shape.length) {
      return leaf(v, offset, asBool);
    }
    long stride = 1;
    for (int d = depth + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    ArrayNode a = F.arrayNode();
    for (long i = 0; i < shape[depth]; i++) {
      a.add(nest(v, shape, depth + 1, offset + i * stride, asBool));
    }
    return a;
  }

  private static JsonNode leaf(Object v, long i, boolean asBool) {
    if (v instanceof HostArray h) {
      return F.numberNode(h.getDouble(i));
    }
    int x = ((IntArray) v).get((int) i);
    return asBool ? F.booleanNode(x != 0) : F.numberNode(x);
  }

  static long[] shape(Object v) {
    return v instanceof HostArray h ? h.shape() : ((IntArray) v).shape();
  }

  static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
