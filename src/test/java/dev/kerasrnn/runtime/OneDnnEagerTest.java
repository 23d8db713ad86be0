package dev.kerasrnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kerasrnn.core.EagerSessions;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.parity.ModelCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With oneDNN on, TF Python's eager ops (run as one-op functions) give the bits of a graph; this
 * library's eager mode must too (README, "Eager ops run as functions"). A child JVM started with
 * {@code TF_ENABLE_ONEDNN_OPTS=1} runs the shipped digits model eagerly and compiled (TensorFlow
 * reads the variable at process start, so it cannot be this JVM).
 */
class OneDnnEagerTest {
  @Test
  void eagerEqualsCompiledWithOneDnnOn() throws IOException, InterruptedException {
    assumeTrue(Runtime.version().feature() == 17, "the foreign linker module is Java 17's");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "--add-modules=jdk.incubator.foreign",
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        Child.class.getName(), "models/digits_gru"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TF_ENABLE_ONEDNN_OPTS", "1");
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("ops as functions: true"), out);
    assertTrue(out.contains("eager == compiled: true"), out);
  }

  /** The child: prints whether eager ops ran as functions and whether both modes agree. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) {
      ModelCase c = ModelCase.load(Path.of(args[0]));
      try (Model m = c.model()) {
        List<HostArray> eager = m.predictEager(c.inputs());
        List<HostArray> compiled = m.predict(c.inputs());
        System.out.println("ops as functions: " + EagerSessions.opsRunAsFunctions());
        System.out.println("eager == compiled: " + eager.equals(compiled));
      }
    }
  }
}
