package dev.kerasrnn.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.model.Target;
import dev.kerasrnn.parity.FunctionLibraries;
import dev.kerasrnn.parity.ModelCase;
import dev.kerasrnn.parity.RecordedCase;
import dev.kerasrnn.tracing.TracedFunction;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.NodeDef;

/**
 * Every recorded case with Keras's {@code predict()} (layer cases as the whole model Keras built
 * around the layer, whole-model cases and the shipped models), run with {@link Target#PREDICT}:
 * the function library Java builds equals the one Keras traced, node for node (after the
 * normalization of {@link FunctionLibraries}), and the outputs equal Keras's {@code predict()}
 * bit for bit. A case whose predict() graph is not rebuilt yet must be refused with {@link
 * UnsupportedTraceException} and be listed in {@code compat-tests/predict-not-rebuilt.txt}
 * (with the reason); a new refusal or a listed case that now works fails the test.
 */
class PredictParityTest {
  private static final Path NOT_REBUILT = Path.of("compat-tests", "predict-not-rebuilt.txt");
  private static final Path UNSTABLE_FILE = Path.of("compat-tests", "predict-unstable.txt");
  /** "case output" to the largest distance Keras's own runs showed, from the unstable list. */
  private static final Map<String, Long> UNSTABLE = unstable();
  private static final Map<String, String> REFUSED = new TreeMap<>();
  private static int checked;

  /** Case folders with a recorded predict() library. */
  static List<Path> cases() {
    List<Path> out = new ArrayList<>();
    for (Path dir : Fixtures.cases()) {
      if (Files.exists(dir.resolve("predict_library.pb.gz"))) {
        out.add(dir);
      }
    }
    for (Path dir : Fixtures.models()) {
      if (Files.exists(dir.resolve("predict_library.pb.gz"))) {
        out.add(dir);
      }
    }
    return out;
  }

  @BeforeAll
  static void environmentIsTheRecordedOne() {
    Fixtures.requireRecordedEnvironment();
  }

  @TestFactory
  Stream<DynamicTest> javaRebuildsKerasPredictGraphAndBits() {
    return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> check(dir)));
  }

  private static void check(Path dir) {
    boolean model = RecordedCase.kindOf(dir).equals("model");
    JsonNode json;
    List<Object> inputs;
    List<HostArray> keras;
    DType floatx;
    Model m;
    if (model) {
      ModelCase c = ModelCase.load(dir);
      json = c.json();
      inputs = c.inputs();
      keras = c.kerasPredict();
      floatx = DType.FLOAT32;
      m = c.model();
    } else {
      RecordedCase c = RecordedCase.load(dir);
      json = c.json();
      inputs = c.modelInputs();
      keras = c.kerasPredict();
      floatx = DType.fromKerasName(json.path("dtype").asText("float32"));
      if (floatx.isHalf() && json.path("framework").asText().equals("tf_keras")) {
        floatx = DType.FLOAT32;
      }
      m = c.model();
    }
    String name = dir.getFileName().toString();
    JsonNode predict = json.path("predict");
    int batch = predict.path("batch_size").asInt();
    try (m) {
      List<HostArray> java;
      try {
        java = m.predict(inputs, Target.PREDICT, batch, floatx);
      } catch (UnsupportedTraceException e) {
        synchronized (REFUSED) {
          REFUSED.put(name, e.getMessage());
        }
        return;
      }
      TracedFunction trace = m.lastPredictTrace();
      assertNotNull(trace, name);
      FunctionDefLibrary expected = FunctionLibraries.read(dir.resolve(predict.path("file")
          .asText()));
      FunctionLibraries.Normalized mine = FunctionLibraries.normalize(trace.library(),
          List.of(trace.entry()));
      assertEquals(predict.path("entries").get(0).asText(), mine.entries().get(0), name);
      String diff = FunctionLibraries.firstDifference(expected, mine.library());
      assertNull(diff, () -> name + ": Java's predict() library differs from Keras's: " + diff);
      assertEquals(keras.size(), java.size(), name + ": number of outputs");
      for (int k = 0; k < keras.size(); k++) {
        int out = k;
        Long unstable = UNSTABLE.get(name + " " + k);
        if (unstable != null) {
          // Keras's own predict() takes more than one value here (README); Java takes one.
          long ulp = maxUlp(keras.get(k), java.get(k));
          assertTrue(ulp <= unstable, () -> name + " output " + out + ": " + ulp + " ULP from"
              + " Keras's recorded predict(), more than the " + unstable + " listed in "
              + UNSTABLE_FILE);
          continue;
        }
        String d = BitComparison.difference(keras.get(k), java.get(k));
        assertNull(d, () -> name + " output " + out + " differs from Keras's predict(): " + d);
      }
      synchronized (REFUSED) {
        checked++;
      }
    }
  }

  private static Map<String, Long> unstable() {
    Map<String, Long> out = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(UNSTABLE_FILE)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          String[] f = t.split("\\s+");
          out.put(f[0] + " " + f[1], Long.parseLong(f[2]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static long maxUlp(HostArray a, HostArray b) {
    assertEquals(java.util.Arrays.toString(a.shape()), java.util.Arrays.toString(b.shape()));
    long max = 0;
    long n = java.util.Arrays.stream(a.shape()).reduce(1, (x, y) -> x * y);
    for (long i = 0; i < n; i++) {
      max = Math.max(max, BitComparison.ulpDistance(a, b, i));
    }
    return max;
  }

  /** The refused cases are exactly the listed ones (run after the cases). */
  @AfterAll
  static void refusalsAreTheListedOnes() throws IOException {
    if (checked + REFUSED.size() < cases().size()) {
      return;  // only part of the cases ran (a filtered run)
    }
    TreeSet<String> listed = new TreeSet<>();
    for (String line : Files.readAllLines(NOT_REBUILT)) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        listed.add(t.split("\\s+")[0]);
      }
    }
    if (!Fixtures.committed()) {  // another set (a stride of the cases): its own cases only
      TreeSet<String> present = new TreeSet<>();
      cases().forEach(dir -> present.add(dir.getFileName().toString()));
      listed.retainAll(present);
    }
    TreeSet<String> newlyRefused = new TreeSet<>(REFUSED.keySet());
    newlyRefused.removeAll(listed);
    TreeSet<String> nowRebuilt = new TreeSet<>(listed);
    nowRebuilt.removeAll(REFUSED.keySet());
    StringBuilder sb = new StringBuilder();
    newlyRefused.forEach(n -> sb.append("\n  refused but not listed: ").append(n).append(": ")
        .append(REFUSED.get(n)));
    nowRebuilt.forEach(n -> sb.append("\n  listed but rebuilt now: ").append(n));
    assertTrue(newlyRefused.isEmpty() && nowRebuilt.isEmpty(), NOT_REBUILT.toString() + sb);
  }

  /** A node renamed in Java's library is reported, by name, as the first difference. */
  @Test
  @Tag("committed")
  void aRenamedNodeIsReported() {
    Path dir = Fixtures.COMMITTED.resolve("lstm_k3_seq_b3_t7_f5_u6_f32");
    RecordedCase c = RecordedCase.load(dir);
    try (Model m = c.model()) {
      m.predict(c.modelInputs(), Target.PREDICT, 3);
      TracedFunction trace = m.lastPredictTrace();
      FunctionLibraries.Normalized mine = FunctionLibraries.normalize(trace.library(),
          List.of(trace.entry()));
      FunctionDefLibrary expected = FunctionLibraries.read(dir.resolve("predict_library.pb.gz"));
      assertNull(FunctionLibraries.firstDifference(expected, mine.library()));
      FunctionDefLibrary.Builder renamed = mine.library().toBuilder();
      FunctionDef.Builder f = renamed.getFunctionBuilder(0);
      int i = 0;
      while (!f.getNodeDef(i).getOp().equals("MatMul")) {
        i++;
      }
      NodeDef.Builder n = f.getNodeDefBuilder(i);
      String original = n.getName();
      n.setName(original + "_renamed");
      String diff = FunctionLibraries.firstDifference(expected, renamed.build());
      assertNotNull(diff);
      assertTrue(diff.contains(original), diff);
    }
  }

  /**
   * A model saved after {@code compile(jit_compile=True)}: Keras runs its predict() under XLA,
   * which is not rebuilt, so PREDICT is refused with that reason; CALL still runs.
   */
  @Test
  @Tag("committed")
  void jitCompiledModelsAreRefusedForPredict(@TempDir Path tmp) throws IOException {
    Path dir = Fixtures.COMMITTED.resolve("model_seq-keras2-style_k3_keras");
    ModelCase c = ModelCase.load(dir);
    Path config = tmp.resolve("config.json");
    Path weights = tmp.resolve("model.weights.h5");
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir.resolve("model.keras")
        .toFile())) {
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.node.ObjectNode root =
          (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
              zip.getInputStream(zip.getEntry("config.json")));
      root.putObject("compile_config").put("jit_compile", true);
      Files.writeString(config, json.writeValueAsString(root));
      Files.copy(zip.getInputStream(zip.getEntry("model.weights.h5")), weights);
    }
    try (Model m = Model.load(weights, config)) {
      UnsupportedTraceException e = org.junit.jupiter.api.Assertions.assertThrows(
          UnsupportedTraceException.class, () -> m.predict(c.inputs(), Target.PREDICT, 2));
      assertTrue(e.getMessage().contains("jit_compile"), e.getMessage());
      assertEquals(c.kerasCall().size(), m.predict(c.inputs(), Target.CALL, 2).size());
    }
  }

  @Test
  @Tag("committed")
  void casesAreRecorded() {
    assertFalse(cases().isEmpty());
    try {
      assertTrue(Files.readString(NOT_REBUILT).contains("#"), NOT_REBUILT + " has its header");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
