package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.ClosedException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many threads over several models at once: mixed batch sizes and lengths, compiled and eager,
 * models loaded and closed while others predict, and {@code close()} racing predictions on the
 * same model. Every call returns the single-threaded bits or fails with a {@link
 * ClosedException}; nothing else, no crash. {@code -Dkerasrnn.lifecycle.seconds=N} makes the mixed
 * phase run N seconds instead of a fixed number of calls ({@code bench/lifecycle}).
 */
class ModelLifecycleTest {
  private static final List<Path> FILES = List.of(
      Path.of("models/digits_gru/model.keras"),
      Path.of("models/sunspots_lstm/model.h5"),
      Path.of("compat-tests/fixtures/model_func-bidi-stack_k3_keras/model.keras"),
      Path.of("compat-tests/fixtures/model_seq-embed-lstm_tfk_keras/model.keras"));
  private static final int[] BATCHES = {1, 3, 8};
  private static final int[] LENGTHS = {4, 9};
  private static final int THREADS = 16;
  private static final long SECONDS = Long.getLong("kerasrnn.lifecycle.seconds", 0);

  /** One input and the outputs a single-threaded compiled call gave. */
  private record Case(int model, List<Object> inputs, List<HostArray> expected) {}

  private static final List<Model> models = new ArrayList<>();
  private static final List<Case> cases = new ArrayList<>();

  @BeforeAll
  static void expectedSingleThreaded() {
    for (int m = 0; m < FILES.size(); m++) {
      Model model = Model.load(FILES.get(m));
      models.add(model);
      for (int b : BATCHES) {
        for (int len : LENGTHS) {
          List<Object> in = inputs(model, b, len, m * 1000 + b * 10 + len);
          cases.add(new Case(m, in, model.predict(in)));
        }
      }
    }
  }

  @AfterAll
  static void closeModels() {
    models.forEach(Model::close);
  }

  @Test
  void sixteenThreadsOverSeveralModelsGetTheSingleThreadedBits() throws Exception {
    AtomicLong calls = new AtomicLong();
    AtomicInteger churned = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          Random r = new Random(thread);
          for (int k = 0; SECONDS > 0 ? System.nanoTime() < deadline : k < 12; k++) {
            if (thread % 4 == 3) {
              churn(r, k, thread);
              churned.incrementAndGet();
            } else {
              Case c = cases.get(r.nextInt(cases.size()));
              Model m = models.get(c.model());
              List<HostArray> out = r.nextInt(4) == 0 ? m.predictEager(c.inputs())
                  : m.predict(c.inputs());
              assertEquals(c.expected(), out, "thread " + thread + " call " + k + " on "
                  + FILES.get(c.model()));
            }
            calls.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(SECONDS + 600, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(churned.get() >= 4 && calls.get() >= THREADS * 12L || SECONDS > 0,
        calls + " calls, " + churned + " load-predict-close cycles");
    System.out.println("[lifecycle] " + calls + " calls on " + THREADS + " threads, " + churned
        + " models loaded, run and closed meanwhile");
  }

  /** A fresh instance of a model: loaded, run (compiled or eager), closed, while others run. */
  private static void churn(Random r, int k, int thread) {
    Case c = cases.get(r.nextInt(cases.size()));
    try (Model fresh = Model.load(FILES.get(c.model()))) {
      List<HostArray> out = k % 2 == 0 ? fresh.predict(c.inputs())
          : fresh.predictEager(c.inputs());
      assertEquals(c.expected(), out, "thread " + thread + ": a freshly loaded "
          + FILES.get(c.model()));
    }
  }

  @Test
  void closeDuringPredictionsWaitsOrFailsThoseCallsCleanly() throws Exception {
    for (int round = 0; round < 3; round++) {
      Case c = cases.get(round * 5 % cases.size());
      Model shared = Model.load(FILES.get(c.model()));
      shared.predict(c.inputs()); // compiled once before the race
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      CountDownLatch started = new CountDownLatch(8);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          started.countDown();
          for (int k = 0; k < 10_000; k++) {
            try {
              List<HostArray> out = thread % 3 == 0 ? shared.predictEager(c.inputs())
                  : shared.predict(c.inputs());
              assertEquals(c.expected(), out, "a call that ran must give the bits");
              ok.incrementAndGet();
            } catch (ClosedException e) {
              assertTrue(e.getMessage().contains("closed"), e.getMessage());
              refused.incrementAndGet();
              return null;
            }
          }
          return null;
        }));
      }
      started.await();
      Thread.sleep(50 + round * 100L);
      shared.close(); // returns once no call is inside the model any more
      for (Future<?> f : futures) {
        f.get(300, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
      assertEquals(8, refused.get(), "every thread ends on a ClosedException");
      assertThrows(ClosedException.class, () -> shared.predict(c.inputs()));
      assertThrows(ClosedException.class, () -> shared.predictEager(c.inputs()));
      shared.close(); // a second close is a no-op
      System.out.println("[lifecycle] close during predictions: " + ok + " calls ran, "
          + refused + " refused after close");
    }
  }

  /** Inputs for every model input: batch {@code b}, unknown lengths {@code len}. */
  static List<Object> inputs(Model model, int b, int len, long seed) {
    Random r = new Random(seed);
    List<Object> out = new ArrayList<>();
    for (InputLayer in : model.inputs()) {
      long[] shape = in.batchShape().clone();
      shape[0] = b;
      int n = b;
      for (int d = 1; d < shape.length; d++) {
        shape[d] = shape[d] >= 0 ? shape[d] : d == 1 ? len : 3;
        n *= (int) shape[d];
      }
      if (in.floatDtype() == null && !"bool".equals(in.dtypeName())) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
          ids[i] = r.nextInt(3);
        }
        out.add(IntArray.of(shape, ids));
      } else {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = r.nextGaussian();
        }
        out.add(HostArray.of(in.floatDtype() == null ? DType.FLOAT32 : in.floatDtype(), shape, v));
      }
    }
    return out;
  }
}
