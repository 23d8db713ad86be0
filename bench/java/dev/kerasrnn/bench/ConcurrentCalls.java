package dev.kerasrnn.bench;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.parity.ModelCase;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of concurrent {@code Model.predict} calls on one loaded model (run by {@code
 * bench/concurrency}): {@code threads} callers in a closed loop for {@code seconds} after a
 * warm-up, every result compared bit for bit with a single-threaded reference. Prints one
 * markdown row: model, batch, inter-op threads (from the environment), callers, calls/s, rows/s,
 * results that differed.
 */
public final class ConcurrentCalls {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    double seconds = Double.parseDouble(args[2]);
    ModelCase recorded = ModelCase.load(dir);
    List<Object> inputs = recorded.inputs();
    try (Model model = Model.load(dir.resolve("model.keras"))) {
      List<HostArray> reference = model.predict(inputs);
      for (int i = 0; i < 200; i++) {
        model.predict(inputs);
      }
      AtomicLong calls = new AtomicLong();
      AtomicLong differed = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        workers[t] = new Thread(() -> {
          while (!stop.get()) {
            if (!model.predict(inputs).equals(reference)) {
              differed.incrementAndGet();
            }
            calls.incrementAndGet();
          }
        });
      }
      long start = System.nanoTime();
      for (Thread w : workers) {
        w.start();
      }
      Thread.sleep((long) (seconds * 1000));
      stop.set(true);
      for (Thread w : workers) {
        w.join();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      Object x = inputs.get(0);
      long batch = x instanceof HostArray h ? h.dim(0) : 1;
      String inter = System.getenv().getOrDefault("TF_NUM_INTEROP_THREADS", "(default)");
      System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %.0f | %.0f | %d |%n",
          dir.getFileName(), batch, inter, threads, calls.get() / elapsed,
          calls.get() * batch / elapsed, differed.get());
    }
  }

  private ConcurrentCalls() {}
}
