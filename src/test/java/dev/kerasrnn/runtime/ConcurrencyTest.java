package dev.kerasrnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.layers.rnn.Bidirectional;
import dev.kerasrnn.layers.rnn.LSTM;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One compiled layer serves many threads at once, with the bits of single-threaded calls. */
class ConcurrencyTest {
  private static HostArray input(long seed) {
    Random r = new Random(seed);
    double[] v = new double[2 * 9 * 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return HostArray.of(DType.FLOAT32, new long[] {2, 9, 4}, v);
  }

  @Test
  void manyThreadsGetTheSingleThreadedBits() throws Exception {
    Bidirectional layer = Bidirectional.of(LSTM.builder(5).returnSequences(true).returnState(true),
        Bidirectional.MergeMode.CONCAT);
    layer.build(2, 9, 4);
    int inputs = 16;
    try (CompiledLayer compiled = CompiledLayer.compile(layer, new long[] {2, 9, 4}, List.of())) {
      List<List<HostArray>> expected = new ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        expected.add(compiled.call(input(i), List.of()));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            for (int k = 0; k < 50; k++) {
              int i = (thread * 7 + k) % inputs;
              assertEquals(expected.get(i), compiled.call(input(i), List.of()),
                  "thread " + thread + ", call " + k);
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closeWhileThreadsCallWaitsForThemAndRefusesLaterCalls() throws Exception {
    LSTM layer = LSTM.builder(4).returnSequences(true).build();
    layer.build(2, 9, 4);
    CompiledLayer compiled = CompiledLayer.compile(layer, new long[] {2, 9, 4}, List.of());
    List<HostArray> expected = compiled.call(input(1), List.of());
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          while (true) {
            try {
              assertEquals(expected, compiled.call(input(1), List.of()));
              ran.incrementAndGet();
            } catch (dev.kerasrnn.core.ClosedException e) {
              return null; // the only way out: refused after close, before any native call
            }
          }
        }));
      }
      Thread.sleep(200);
      compiled.close();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(ran.get() > 0, "calls ran before close");
    org.junit.jupiter.api.Assertions.assertThrows(dev.kerasrnn.core.ClosedException.class,
        () -> compiled.call(input(1), List.of()));
  }
}
