package dev.kerasrnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.io.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrays in and out of the CLI: {@code .npy} (NumPy) or JSON nested lists ({@code [[1.0, 2.0],
 * ...]}; numbers with a fraction or exponent anywhere make a float32 array, else int32).
 */
final class ArrayIo {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_JSON_BYTES = 256L << 20;

  private ArrayIo() {}

  static Object read(Path file) {
    if (file.toString().endsWith(".json")) {
      return readJson(file);
    }
    return NpyFile.read(file);
  }

  static void write(Path file, HostArray a) {
    if (file.toString().endsWith(".json")) {
      try {
        JSON.writeValue(file.toFile(), toJson(a));
      } catch (IOException e) {
        throw new KerasFileException(file, "", "cannot write: " + e, e);
      }
    } else {
      NpyFile.write(file, a);
    }
  }

  static JsonNode toJson(HostArray a) {
    return nest(a, 0, 0, a.shape());
  }

  private static JsonNode nest(HostArray a, int depth, long offset, long[] shape) {
    if (depth == shape.length) {
      double v = a.getDouble(offset);
      return a.dtype() == DType.FLOAT64 ? JsonNodeFactory.instance.numberNode(v)
          : JsonNodeFactory.instance.numberNode((float) v);
    }
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    long stride = 1;
    for (int d = depth + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    for (long i = 0; i < shape[depth]; i++) {
      arr.add(nest(a, depth + 1, offset + i * stride, shape));
    }
    return arr;
  }

  private static Object readJson(Path file) {
    try {
      if (Files.size(file) > MAX_JSON_BYTES) {
        throw new KerasFileException(file, "", "JSON input larger than " + MAX_JSON_BYTES);
      }
      JsonNode n = JSON.readTree(file.toFile());
      List<Long> shape = new ArrayList<>();
      JsonNode c = n;
      while (c.isArray()) {
        shape.add((long) c.size());
        c = c.size() > 0 ? c.get(0) : null;
        if (c == null) {
          break;
        }
      }
      List<JsonNode> leaves = new ArrayList<>();
      flatten(n, 0, shape, leaves, file);
      long[] s = shape.stream().mapToLong(Long::longValue).toArray();
      boolean floats = leaves.stream().anyMatch(JsonNode::isFloatingPointNumber);
      if (floats) {
        float[] v = new float[leaves.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) leaves.get(i).asDouble();
        }
        return HostArray.ofFloats(s, v);
      }
      int[] v = new int[leaves.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = leaves.get(i).asInt();
      }
      return IntArray.of(s, v);
    } catch (IOException e) {
      throw new KerasFileException(file, "", "expected a JSON array: " + e.getMessage(), e);
    }
  }

  private static void flatten(JsonNode n, int depth, List<Long> shape, List<JsonNode> out,
      Path file) {
    if (depth == shape.size()) {
      if (!n.isNumber()) {
        throw new KerasFileException(file, "", "expected a number, found " + n);
      }
      out.add(n);
      return;
    }
    if (!n.isArray() || n.size() != shape.get(depth)) {
      throw new KerasFileException(file, "", "expected a rectangular nested list");
    }
    for (JsonNode e : n) {
      flatten(e, depth + 1, shape, out, file);
    }
  }
}
