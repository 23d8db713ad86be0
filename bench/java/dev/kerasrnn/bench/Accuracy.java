package dev.kerasrnn.bench;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.io.NpyFile;
import java.nio.file.Files;
import java.util.Locale;

/**
 * Each route's output against Keras's eager model(x) output recorded by bench_keras.py, per
 * (model, batch): max abs difference and whether it is bit-identical. One JSON line each.
 */
public final class Accuracy {
  public static void main(String[] args) {
    String[] models = System.getProperty("bench.models", "lstm,gru,simplernn,bidi").split(",");
    for (String m : models) {
      for (int b : new int[] {1, 32, 512}) {
        if (!Files.exists(Routes.work().resolve(m).resolve("x_b" + b + ".npy"))) {
          continue;
        }
        float[] keras = Routes.floats((HostArray) NpyFile.read(
            Routes.work().resolve(m).resolve("y_eager_b" + b + ".npy")));
        for (String route : Routes.ALL) {
          if (!Routes.applies(route, m, b)) {
            continue;
          }
          if (route.equals("eager") && b == 512) {
            continue;  // same graph as compiled, checked by the test suite; saves time
          }
          float[] y;
          try (Routes.Route r = Routes.open(route, m, b)) {
            y = r.call();
          }
          double max = 0;
          boolean same = y.length == keras.length;
          for (int i = 0; i < Math.min(y.length, keras.length); i++) {
            max = Math.max(max, Math.abs((double) y[i] - keras[i]));
            same &= Float.floatToRawIntBits(y[i]) == Float.floatToRawIntBits(keras[i]);
          }
          System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"batch\":%d,\"route\":\"%s\","
              + "\"max_abs_diff\":%.3e,\"bit_exact\":%s}%n", m, b, route, max, same);
        }
      }
    }
  }

  private Accuracy() {}
}
