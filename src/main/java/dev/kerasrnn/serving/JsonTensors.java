package dev.kerasrnn.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.RequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON nested lists to tensor values and back. Reading checks every leaf (a finite number, an
 * integer, or a boolean, as the input's type needs) and that the nesting is rectangular, and
 * names the position of the first leaf that is not. Writing gives each float the decimal of its
 * exact value as a double ({@link #decimal}), so that parsing it as a float64 (Python, NumPy,
 * JavaScript) and casting, or parsing it straight into its own precision, gives the same bits.
 */
final class JsonTensors {
  private JsonTensors() {}

  /** The values of a (nested) JSON array or scalar; {@code what} names it in errors. */
  static TensorValues read(JsonNode node, TensorValues.Kind kind, String what) {
    List<Long> dims = new ArrayList<>();
    JsonNode c = node;
    while (c.isArray()) {
      dims.add((long) c.size());
      if (c.isEmpty()) {
        break;
      }
      c = c.get(0);
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long n = TensorValues.count(shape);
    if (n > Integer.MAX_VALUE - 8) {
      throw RequestException.badRequest(what + ": too many elements (" + n + ")");
    }
    // First check the nesting without storing anything (a few leading elements can claim a
    // large shape), then fill arrays of the checked size.
    new Reader(kind, -1, what).fill(node, shape, 0, new StringBuilder());
    Reader r = new Reader(kind, (int) n, what);
    r.fill(node, shape, 0, new StringBuilder());
    return new TensorValues(shape, r.doubles, r.longs, r.booleans);
  }

  /** Fills flat arrays from a checked rectangular nesting. */
  private static final class Reader {
    final TensorValues.Kind kind;
    final String what;
    final double[] doubles;
    final long[] longs;
    final boolean[] booleans;
    final boolean check;
    int next;

    /** {@code n < 0}: only check, store nothing. */
    Reader(TensorValues.Kind kind, int n, String what) {
      this.kind = kind;
      this.what = what;
      this.check = n < 0;
      doubles = !check && kind == TensorValues.Kind.FLOAT ? new double[n] : null;
      longs = !check && kind == TensorValues.Kind.INTEGER ? new long[n] : null;
      booleans = !check && kind == TensorValues.Kind.BOOL ? new boolean[n] : null;
    }

    void fill(JsonNode node, long[] shape, int depth, StringBuilder at) {
      if (depth == shape.length) {
        leaf(node, at);
        return;
      }
      if (!node.isArray() || node.size() != shape[depth]) {
        throw RequestException.badRequest(what + ": expected a rectangular nested list of shape "
            + HostArray.shapeString(shape) + ", found " + (node.isArray()
            ? "a list of " + node.size() + " elements" : kindOf(node)) + " at " + where(at));
      }
      int mark = at.length();
      for (int i = 0; i < node.size(); i++) {
        at.append('[').append(i).append(']');
        fill(node.get(i), shape, depth + 1, at);
        at.setLength(mark);
      }
    }

    void leaf(JsonNode node, StringBuilder at) {
      switch (kind) {
        case FLOAT -> {
          if (!node.isNumber()) {
            throw RequestException.badRequest(what + ": expected a number, found "
                + kindOf(node) + " at " + where(at));
          }
          double v = node.doubleValue();
          if (!Double.isFinite(v)) {
            throw RequestException.badRequest(what + ": expected a finite number, found "
                + node.asText() + " at " + where(at) + " (NaN and Infinity are not JSON numbers, and a"
                + " number must lie within the float64 range)");
          }
          if (!check) {
            doubles[next++] = v;
          }
        }
        case INTEGER -> {
          if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw RequestException.badRequest(what + ": expected an integer"
                + " (a 64-bit JSON integer literal), found " + kindOf(node) + " " + node
                + " at " + where(at));
          }
          if (!check) {
            longs[next++] = node.longValue();
          }
        }
        case BOOL -> {
          if (!node.isBoolean()) {
            throw RequestException.badRequest(what + ": expected true or false, found "
                + kindOf(node) + " at " + where(at));
          }
          if (!check) {
            booleans[next++] = node.booleanValue();
          }
        }
        default -> throw new IllegalStateException(kind.toString());
      }
    }

    private static String where(StringBuilder at) {
      return at.length() == 0 ? "the top level" : "index " + at;
    }
  }

  /** A short description of a JSON node's kind, for messages. */
  static String kindOf(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isNumber()) {
      return node.isIntegralNumber() ? "an integer" : "a number";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.isObject() ? "an object" : node.getNodeType().toString();
  }

  /**
   * The decimal written for element {@code i}: its exact value as a double, in Java's shortest
   * round-trip form for doubles; TF Serving's {@code NaN}, {@code Infinity}, {@code -Infinity}
   * for non-finite values.
   */
  static String decimal(HostArray a, long i) {
    double v = a.getDouble(i);
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    return Double.toString(v);
  }

  /** Writes rows {@code [row]} of {@code a} (rank ≥ 1) nested as its shape: a batch element. */
  static void writeRow(JsonGenerator g, HostArray a, long row) throws IOException {
    long[] shape = a.shape();
    long per = 1;
    for (int d = 1; d < shape.length; d++) {
      per *= shape[d];
    }
    writeNested(g, a, shape, 1, row * per);
  }

  /** Writes the whole of {@code a} nested as its shape. */
  static void writeNested(JsonGenerator g, HostArray a) throws IOException {
    writeNested(g, a, a.shape(), 0, 0);
  }

  /** Writes the whole of {@code a} as one flat row-major list (KServe's {@code data}). */
  static void writeFlat(JsonGenerator g, HostArray a) throws IOException {
    g.writeStartArray();
    for (long i = 0; i < a.size(); i++) {
      g.writeNumber(decimal(a, i));
    }
    g.writeEndArray();
  }

  private static void writeNested(JsonGenerator g, HostArray a, long[] shape, int depth,
      long offset) throws IOException {
    if (depth == shape.length) {
      g.writeNumber(decimal(a, offset));
      return;
    }
    long stride = 1;
    for (int d = depth + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    g.writeStartArray();
    for (long i = 0; i < shape[depth]; i++) {
      writeNested(g, a, shape, depth + 1, offset + i * stride);
    }
    g.writeEndArray();
  }

  /** The float dtype of an output, as a protocol datatype. */
  static Datatype datatype(HostArray a) {
    return Datatype.of(a.dtype());
  }
}
