package dev.kerasrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.io.NpyFile;
import dev.kerasrnn.parity.ModelCase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's predict, summary and parity on a shipped real model, and the .npy format. */
class CliTest {
  private static final Path DIGITS = Path.of("models", "digits_gru");

  @TempDir
  Path tmp;

  private static int run(String... args) {
    return KerasRnn.commandLine().execute(args);
  }

  private static String capture(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void npyRoundTrip() {
    HostArray f = HostArray.ofFloats(new long[] {2, 3}, 1f, -2f, 3.5f, 0f, -0f, Float.NaN);
    NpyFile.write(tmp.resolve("f.npy"), f);
    assertEquals(f, NpyFile.read(tmp.resolve("f.npy")));
    IntArray i = IntArray.of(new long[] {3}, 7, 0, -1);
    NpyFile.write(tmp.resolve("i.npy"), i);
    assertEquals(i, NpyFile.read(tmp.resolve("i.npy")));
  }

  @Test
  void parityOnRealModelIsBitExact() {
    String out = capture(() -> assertEquals(0, run("parity", "--case", DIGITS.toString())));
    assertTrue(out.contains("bit-exact: yes"), out);
  }

  /** A recorded direct cell step ({@code kind: cell_call}): eager and compiled; no predict(). */
  @Test
  void parityOnCellCallCase() {
    String cell = "compat-tests/fixtures/cellcall_lstm_tfk_b2_f4_u3_f32";
    String out = capture(() -> assertEquals(0, run("parity", "--case", cell)));
    assertTrue(out.contains("cell_call") && out.contains("bit-exact: yes"), out);
    String predict = capture(() -> assertEquals(2, run("parity", "--case", cell, "--target",
        "predict")));
    assertTrue(predict.contains("no model or no predict() outputs"), predict);
  }

  @Test
  void predictWritesKerasOutputs() {
    ModelCase c = ModelCase.load(DIGITS);
    Path in = tmp.resolve("x.npy");
    Path out = tmp.resolve("y.npy");
    NpyFile.write(in, (HostArray) c.inputs().get(0));
    assertEquals(0, run("predict", DIGITS.resolve("model.keras").toString(), "-i", in.toString(),
        "-o", out.toString()));
    assertEquals(c.kerasCall().get(0), NpyFile.read(out));
    Path whileOut = tmp.resolve("y_while.npy");
    assertEquals(0, run("predict", DIGITS.resolve("model.keras").toString(), "-i", in.toString(),
        "-o", whileOut.toString(), "--max-unrolled-steps", "0"));
    assertEquals(c.kerasCall().get(0), NpyFile.read(whileOut));
    Path parityOut = tmp.resolve("k.npy");
    NpyFile.write(parityOut, c.kerasCall().get(0));
    capture(() -> assertEquals(0, run("parity", DIGITS.resolve("model.h5").toString(), "-i",
        in.toString(), "-e", parityOut.toString())));
  }

  /** {@code --target predict}: Keras's predict() bits from the command, for a model and a case. */
  @Test
  void predictTargetReproducesKerasPredict() {
    ModelCase c = ModelCase.load(DIGITS);
    Path in = tmp.resolve("x.npy");
    Path out = tmp.resolve("y_predict.npy");
    NpyFile.write(in, (HostArray) c.inputs().get(0));
    int batch = c.json().path("predict").path("batch_size").asInt();
    assertEquals(0, run("predict", DIGITS.resolve("model.keras").toString(), "-i", in.toString(),
        "-o", out.toString(), "--target", "predict", "--batch-size", String.valueOf(batch)));
    assertEquals(c.kerasPredict().get(0), NpyFile.read(out));
    String report = capture(() -> assertEquals(0, run("parity", "--case", DIGITS.toString(),
        "--target", "predict")));
    assertTrue(report.contains("Java matches Keras's predict() bit for bit"), report);
    assertEquals(2, run("predict", DIGITS.resolve("model.keras").toString(), "-i", in.toString(),
        "--target", "predict", "--eager"));
  }

  /**
   * {@code parity --case} on a record_case.py case (a fixture copy marked as one, its recorded
   * environment changed): both targets, the verdict, and the line that reproduces the recorded
   * environment.
   */
  @Test
  void parityOnARecordedCaseNamesTheEnvironmentLine() throws Exception {
    Path src = Path.of("compat-tests", "fixtures", "model_seq-embed-lstm_k3_keras");
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("my case"));
    for (String f : List.of("data.h5", "model.keras")) {
      java.nio.file.Files.copy(src.resolve(f), dir.resolve(f));
    }
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode doc =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
            src.resolve("case.json").toFile());
    doc.put("recorded_by", "record_case.py");
    doc.putObject("fingerprint").putObject("effective").put("TF_NUM_INTEROP_THREADS", "2");
    json.writeValue(dir.resolve("case.json").toFile(), doc);
    String out = capture(() -> assertEquals(0, run("parity", "--case", dir.toString())));
    assertTrue(out.contains("TF_ENABLE_ONEDNN_OPTS=0 ONEDNN_MAX_CPU_ISA=AVX2"
        + " TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=2 keras-rnn parity --case '" + dir
        + "'"), out);
    assertTrue(out.contains("verdict: bit-exact: Java matches Keras's model(x) (eager and"
        + " compiled) and model.predict(x) bit for bit"), out);
  }

  @Test
  void summaryHasKerasLayout() {
    String out = capture(() -> assertEquals(0, run("summary",
        DIGITS.resolve("model.keras").toString())));
    List<String> lines = out.lines().toList();
    assertTrue(lines.get(0).startsWith("Model: \""), out);
    assertTrue(lines.get(2).matches("┃ Layer \\(type\\) +┃ Output Shape +┃ +Param # ┃"), out);
    assertTrue(out.contains(" Total params: ") && out.contains(" Non-trainable params: "), out);
  }

  @Test
  void versionNamesLibraryTensorFlowJavaAndNativeVersions() {
    List<String> lines = capture(() -> assertEquals(0, run("--version"))).lines().toList();
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("keras-rnn \\d+\\.\\d+\\.\\d+.*"), lines.get(0));
    assertTrue(lines.get(1).matches("TensorFlow Java \\d+\\.\\d+\\.\\d+"), lines.get(1));
    assertTrue(lines.get(2).matches("TensorFlow \\d+\\.\\d+\\.\\d+ \\(native library\\)"),
        lines.get(2));
  }

  @Test
  void batchPredictWritesEveryGoodFileAndReportsTheBadOnes() throws Exception {
    ModelCase c = ModelCase.load(DIGITS);
    Path in = java.nio.file.Files.createDirectories(tmp.resolve("in"));
    NpyFile.write(in.resolve("a.npy"), (HostArray) c.inputs().get(0));
    NpyFile.write(in.resolve("b.npy"), HostArray.ofFloats(new long[] {1, 3}, 1f, 2f, 3f));
    Path out = tmp.resolve("out");
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertEquals(3, run("predict", DIGITS.resolve("model.keras").toString(), "--batch",
          in.toString(), "--out-dir", out.toString()));
    } finally {
      System.setErr(old);
    }
    assertEquals(c.kerasCall().get(0), NpyFile.read(out.resolve("a.out0.npy")));
    String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(log.contains("b.npy: ") && log.contains("predicted 1 of 2 file(s)")
        && log.contains("1 failed"), log);
    assertTrue(!log.contains("\033") && !log.contains("\r"), "no progress bar off a terminal");
  }

  @Test
  void libraryErrorsExitWithStatusThree() {
    assertEquals(3, run("summary", tmp.resolve("missing.keras").toString()));
  }
}
