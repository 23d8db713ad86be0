package dev.kerasrnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.RecordedCase;
import dev.kerasrnn.runtime.Environment;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loads a shipped Keras case (config, Keras-written weights, inputs, Keras's outputs), runs it in
 * Java eagerly and compiled, and prints Java's outputs beside Keras's with a bit-exact verdict.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a shipped Keras fixture in Java and compare with Keras bit for bit.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--case", description = "Case folder (default: ${DEFAULT-VALUE}).",
      defaultValue = "compat-tests/fixtures/lstm_k3_last_state_b3_t7_f5_u6_f32")
  Path caseDir;

  @Option(names = "--show", description = "Values printed per output (default: ${DEFAULT-VALUE}).",
      defaultValue = "6")
  int show;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Map<String, String> deviations = Environment.deviations();
    if (!deviations.isEmpty()) {
      out.println("WARNING: TensorFlow environment differs from the pinned one: " + deviations);
    }
    RecordedCase rc = RecordedCase.load(caseDir);
    JsonNode json = rc.json();
    out.printf("case      %s%n", rc.name());
    out.printf("layer     %s from %s, written by %s %s%n",
        json.path("layer").path("class_name").asText(), rc.weightsFile(),
        json.path("framework").asText(), json.path("keras_version").asText());
    if (rc.kind().equals("stateful") || rc.kind().equals("initializer")) {
      out.printf("a %s case: see its compat test; the demo runs single calls%n", rc.kind());
      return 2;
    }
    List<HostArray> eager = rc.runEager();
    List<HostArray> compiled = rc.runCompiled();
    boolean allExact = true;
    for (int k = 0; k < eager.size(); k++) {
      HostArray keras = rc.kerasCall().get(k);
      String name = rc.outputName(k);
      out.printf("%noutput %d (%s) %s%n", k, name, keras);
      out.printf("  %-14s %s%n", "Keras", head(keras));
      out.printf("  %-14s %s%n", "Java eager", head(eager.get(k)));
      out.printf("  %-14s %s%n", "Java compiled", head(compiled.get(k)));
      boolean exact = keras.equals(eager.get(k)) && keras.equals(compiled.get(k));
      allExact &= exact;
      out.printf("  bit-exact with Keras model(x): %s%n", exact ? "yes" : "NO");
      HostArray predict = rc.kerasPredict().get(k);
      if (!predict.equals(keras)) {
        out.printf("  %-14s %s%n", "Keras predict", head(predict));
        out.printf("  (Keras's predict() differs from its own eager call here: Grappler, see README)%n");
      }
    }
    out.printf("%nverdict: %s%n", allExact
        ? "Java matches Keras bit for bit (eager and compiled)"
        : "Java DIFFERS from Keras");
    return allExact ? 0 : 1;
  }

  private String head(HostArray a) {
    StringBuilder sb = new StringBuilder("[");
    long n = Math.min(show, a.size());
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? ", " : "").append(String.format("%.9g", a.getDouble(i)));
    }
    return sb.append(a.size() > n ? ", ...]" : "]").toString();
  }
}
