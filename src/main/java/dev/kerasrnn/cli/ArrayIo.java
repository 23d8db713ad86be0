package dev.kerasrnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.io.JsonArrays;
import dev.kerasrnn.io.NpyFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Arrays in and out of the CLI: {@code .npy} (NumPy) or JSON nested lists ({@code [[1.0, 2.0],
 * ...]}; numbers with a fraction or exponent anywhere make a float32 array, else int32).
 */
final class ArrayIo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArrayIo() {}

  static Object read(Path file) {
    if (file.toString().endsWith(".json")) {
      return JsonArrays.read(file);
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

}
