package dev.kerasrnn.bench;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.parity.ModelCase;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Cold start of one shipped model in a fresh JVM (run by {@code bench/first_call}): TensorFlow's
 * runtime start (one tiny eager op), {@code Model.load} of the {@code .keras} file, the first
 * {@code Model.predict} on its recorded inputs (building the graph and session for that
 * signature) and the second call. Prints one markdown table row.
 */
public final class ShippedColdStart {
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long t0 = System.nanoTime();
    try (var s = org.tensorflow.EagerSession.options().build()) {
      var tf = org.tensorflow.op.Ops.create(s);
      tf.math.add(tf.constant(1f), tf.constant(1f)).asTensor().getFloat();
    }
    long t1 = System.nanoTime();
    ModelCase recorded = ModelCase.load(dir);
    List<Object> inputs = recorded.inputs();
    long t2 = System.nanoTime();
    try (Model model = Model.load(dir.resolve("model.keras"))) {
      long t3 = System.nanoTime();
      model.predict(inputs);
      long t4 = System.nanoTime();
      model.predict(inputs);
      long t5 = System.nanoTime();
      Object x = inputs.get(0);
      long batch = x instanceof HostArray h ? h.dim(0) : ((IntArray) x).shape()[0];
      System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.1f | %.2f |%n",
          dir.getFileName(), batch, (t1 - t0) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6,
          (t5 - t4) / 1e6);
    }
  }

  private ShippedColdStart() {}
}
