package example;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.parity.ModelCase;
import dev.kerasrnn.runtime.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the shipped digits model with keras-rnn-java, predicts its recorded sample images and
 * prints each prediction beside Keras's. With a second argument, also writes a TF Serving request
 * for the same images ({@code tfserving-request.json}) and Keras's outputs as exact decimals
 * ({@code keras-outputs.json}), which .ci/run sends to {@code keras-rnn serve} with curl.
 */
public final class PredictDigits {
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "models/digits_gru");
    if (!Environment.deviations().isEmpty()) {
      System.out.println("note: not the pinned environment " + Environment.deviations()
          + ", bits may differ from Keras's");
    }
    ModelCase recorded = ModelCase.load(dir);               // sample inputs + Keras's outputs
    HostArray images = (HostArray) recorded.inputs().get(0); // (8, 8, 8): 8 images, row by row
    HostArray keras = recorded.kerasCall().get(0);          // (8, 10): Keras's probabilities
    try (Model model = Model.load(dir.resolve("model.keras"))) {
      HostArray java = model.predict(List.of(images)).get(0);
      for (int i = 0; i < java.dim(0); i++) {
        System.out.printf("image %d: digit %d (p=%.6f), Keras says %d%n", i, argmax(java, i),
            java.getDouble(i * 10L + argmax(java, i)), argmax(keras, i));
      }
      System.out.println(java.equals(keras) ? "bit-exact with Keras: yes"
          : "bit-exact with Keras: NO");
      if (args.length > 1) {
        Path out = Path.of(args[1]);
        Files.writeString(out.resolve("tfserving-request.json"),
            "{\"instances\": " + json(images) + "}\n");
        Files.writeString(out.resolve("keras-outputs.json"), json(keras) + "\n");
      }
      if (!java.equals(keras)) {
        System.exit(1);
      }
    }
  }

  private static int argmax(HostArray p, int row) {
    int best = 0;
    for (int k = 1; k < p.dim(1); k++) {
      if (p.getDouble(row * p.dim(1) + k) > p.getDouble(row * p.dim(1) + best)) {
        best = k;
      }
    }
    return best;
  }

  /** Nested JSON lists, each float as the decimal of its exact value. */
  private static String json(HostArray a) {
    StringBuilder sb = new StringBuilder();
    nest(a, a.shape(), 0, 0, sb);
    return sb.toString();
  }

  private static void nest(HostArray a, long[] shape, int depth, long offset, StringBuilder sb) {
    if (depth == shape.length) {
      sb.append(a.getDouble(offset));
      return;
    }
    long stride = 1;
    for (int d = depth + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    sb.append('[');
    for (long i = 0; i < shape[depth]; i++) {
      sb.append(i > 0 ? ", " : "");
      nest(a, shape, depth + 1, offset + i * stride, sb);
    }
    sb.append(']');
  }
}
