package dev.kerasrnn.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bounded fuzz run of every {@code mvn test}: each {@link FuzzTarget} replays its seed corpus
 * (the shipped models and fixtures) and then a fixed number of new inputs made by a fixed-seed
 * {@link Mutator} from those seeds, each under the {@link Contract} (typed failures only) and a
 * time limit; a model that loads is run once. A failing input is written to {@code
 * target/fuzz-failures/} for replay (copy it into the target's {@link FileFormatFuzzTest}
 * inputs). The long, coverage-guided campaigns are {@code bench/fuzz}.
 */
class BoundedFuzzTest {
  /** Per input; generous for a loaded CI machine (campaigns use 5 s). */
  private static final long LIMIT_SECONDS = 20;
  private static final Path FAILURES = Path.of("target", "fuzz-failures");

  private static ExecutorService worker = Executors.newSingleThreadExecutor();

  /** Seeds replayed and new inputs made per target: the model formats cost ~0.1 s an input. */
  private static int seeds(FuzzTarget t) {
    return switch (t) {
      case KERAS_ARCHIVE, LEGACY_H5, WEIGHTS_AND_CONFIG -> 12;
      case CONFIG_JSON -> 20;
      default -> 10;
    };
  }

  private static int mutations(FuzzTarget t) {
    return switch (t) {
      case KERAS_ARCHIVE, LEGACY_H5, WEIGHTS_AND_CONFIG -> 90;
      case CONFIG_JSON -> 150;
      default -> 2000;
    };
  }

  @AfterAll
  static void stop() {
    worker.shutdownNow();
  }

  @TestFactory
  Stream<DynamicTest> everyTargetReplaysItsSeedsAndNewInputs() {
    List<DynamicTest> tests = new ArrayList<>();
    for (FuzzTarget t : FuzzTarget.values()) {
      Map<String, byte[]> seeds = Seeds.of(t, seeds(t));
      tests.add(DynamicTest.dynamicTest(t + ": " + seeds.size() + " seeds", () -> {
        assertTrue(seeds.size() >= 3, t + ": expected seeds, found " + seeds.keySet());
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
          runOne(t, t + " seed " + e.getKey(), e.getValue());
        }
      }));
      tests.add(DynamicTest.dynamicTest(t + ": " + mutations(t) + " new inputs", () -> {
        List<byte[]> pool = List.copyOf(seeds.values());
        Mutator m = new Mutator(t.ordinal() * 7919L + 1);
        for (int i = 0; i < mutations(t); i++) {
          byte[] a = pool.get(i % pool.size());
          byte[] b = pool.get((i * 7 + 3) % pool.size());
          runOne(t, t + " mutation #" + i, mutate(t, m, a, b));
        }
      }));
    }
    return tests.stream();
  }

  /** Packed weights-and-config inputs are mutated part by part, then packed again. */
  private static byte[] mutate(FuzzTarget t, Mutator m, byte[] a, byte[] b) {
    if (t != FuzzTarget.WEIGHTS_AND_CONFIG) {
      return m.mutate(a, b);
    }
    byte[][] pa = FuzzTarget.unpack(a);
    byte[][] pb = FuzzTarget.unpack(b);
    return (a.length + b.length) % 2 == 0
        ? FuzzTarget.pack(m.mutate(pa[0], pb[0]), pa[1])
        : FuzzTarget.pack(pa[0], m.mutate(pa[1], pb[1]));
  }

  private static void runOne(FuzzTarget t, String label, byte[] input) throws Exception {
    Future<?> f = worker.submit(() -> {
      t.run(input);
      return null;
    });
    try {
      f.get(LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      worker.shutdownNow();
      worker = Executors.newSingleThreadExecutor();
      fail(label + ": no result after " + LIMIT_SECONDS + " s (hang?); input in "
          + save(t, label, input));
    } catch (ExecutionException e) {
      fail(label + ": " + e.getCause() + "; input in " + save(t, label, input), e.getCause());
    }
  }

  private static Path save(FuzzTarget t, String label, byte[] input) throws IOException {
    Files.createDirectories(FAILURES);
    Path p = FAILURES.resolve(label.replaceAll("[^A-Za-z0-9_.-]+", "_"));
    Files.write(p, input);
    return p;
  }
}
