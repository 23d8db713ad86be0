package dev.kerasrnn.bench;

import dev.kerasrnn.core.EagerSessions;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.io.NpyFile;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.model.Target;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Java side of {@code bench/env_matrix}: every model of DIR run under this JVM's environment,
 * outputs written to OUT beside Keras's. {@code direct} as third argument: only the eager mode,
 * in a JVM started without the foreign linker (eager ops run directly, not as functions).
 */
public final class EnvMatrix {
  private EnvMatrix() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    // "direct": the eager outputs only (kept for the table's layout; eager ops always run
    // directly now, EagerSessions says why).
    boolean direct = args.length > 2 && args[2].equals("direct");
    List<Path> models;
    try (Stream<Path> s = Files.list(dir)) {
      models = s.filter(p -> p.toString().endsWith(".keras") || p.toString().endsWith(".h5"))
          .sorted().toList();
    }
    for (Path p : models) {
      String name = p.getFileName().toString().replaceAll("\\.(keras|h5)$", "");
      Object x = NpyFile.read(dir.resolve(name + ".x.npy"));
      try (Model m = Model.load(p)) {
        if (direct) {
          write(out, name, "java_eager_direct", m.predictEager(List.of(x)));
          continue;
        }
        write(out, name, "java_eager", m.predictEager(List.of(x)));
        write(out, name, "java_compiled", m.predict(List.of(x)));
        try {
          write(out, name, "java_predict", m.predict(List.of(x), Target.PREDICT, 32));
        } catch (UnsupportedTraceException e) {
          System.out.println(name + ": PREDICT refused: " + e.getMessage());
        }
      }
    }
  }

  private static void write(Path out, String name, String what, List<HostArray> outputs) {
    NpyFile.write(out.resolve(name + "." + what + ".npy"), outputs.get(0));
  }
}
