package dev.kerasrnn.bench;

import java.util.Locale;

/**
 * Load time and first-call latency of one (route, model) at batch 1, in a fresh JVM: prints one
 * JSON line. The native runtime is initialised first by a tiny op and timed separately, so "load"
 * is the model's own loading (parse + weights + session creation), "first" the first prediction
 * (for the compiled route this includes building the graph and session for the signature).
 */
public final class ColdStart {
  public static void main(String[] args) {
    String route = args[0];
    String model = args[1];
    long t0 = System.nanoTime();
    if (route.equals("ort")) {
      ai.onnxruntime.OrtEnvironment.getEnvironment();
    } else {
      try (var t = org.tensorflow.types.TFloat32.scalarOf(1f)) {
        t.getFloat();
      }
      try (var s = org.tensorflow.EagerSession.options().build()) {
        var tf = org.tensorflow.op.Ops.create(s);
        tf.math.add(tf.constant(1f), tf.constant(1f)).asTensor().getFloat();
      }
    }
    long t1 = System.nanoTime();
    Routes.Route r = Routes.open(route, model, 1);
    long t2 = System.nanoTime();
    r.call();
    long t3 = System.nanoTime();
    r.call();
    long t4 = System.nanoTime();
    r.close();
    System.out.printf(Locale.ROOT,
        "{\"route\":\"%s\",\"model\":\"%s\",\"runtime_init_ms\":%.1f,\"load_ms\":%.1f,"
            + "\"first_call_ms\":%.2f,\"second_call_ms\":%.3f}%n",
        route, model, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
  }

  private ColdStart() {}
}
