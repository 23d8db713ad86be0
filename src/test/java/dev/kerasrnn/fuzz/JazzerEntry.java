package dev.kerasrnn.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The entry point of the long campaigns ({@code bench/fuzz}), for Jazzer's standalone driver
 * ({@code --target_class=dev.kerasrnn.fuzz.JazzerEntry}); the target is the system property
 * {@code kerasrnn.fuzz.target} (a {@link FuzzTarget} name). {@link #main} writes the seed corpus
 * of a target into a folder.
 */
public final class JazzerEntry {
  private static FuzzTarget target;

  private JazzerEntry() {}

  /**
   * Called once by Jazzer before the first input: runs the target's seeds once, so that class
   * loading, instrumentation and TensorFlow's native start (seconds) do not count against the
   * first inputs' time limit.
   */
  public static void fuzzerInitialize() {
    target = FuzzTarget.valueOf(System.getProperty("kerasrnn.fuzz.target", "KERAS_ARCHIVE"));
    for (byte[] seed : Seeds.of(target, 40).values()) {
      try {
        target.run(seed);
      } catch (Exception | Error e) {
        System.err.println("warm-up: a seed fails: " + e);
      }
    }
  }

  /** Called by Jazzer for every input; anything it throws is a finding. */
  public static void fuzzerTestOneInput(byte[] data) throws Exception {
    target.run(data);
  }

  /** {@code JazzerEntry TARGET DIR [MAX]}: writes up to MAX (default 40) seeds into DIR. */
  public static void main(String[] args) throws Exception {
    FuzzTarget t = FuzzTarget.valueOf(args[0]);
    Path dir = Files.createDirectories(Path.of(args[1]));
    int max = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    int i = 0;
    for (Map.Entry<String, byte[]> e : Seeds.of(t, max).entrySet()) {
      Files.write(dir.resolve(String.format("seed-%03d", i++)), e.getValue());
    }
    System.out.println(t + ": " + i + " seeds in " + dir);
  }
}
