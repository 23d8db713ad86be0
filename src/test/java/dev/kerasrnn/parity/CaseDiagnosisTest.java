package dev.kerasrnn.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.LoadOptions;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.model.TensorRef;
import dev.kerasrnn.parity.Diagnosis.CauseKind;
import dev.kerasrnn.parity.Diagnosis.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CaseDiagnosis} on copies of Keras-recorded model fixtures changed in memory the way a
 * record_case.py case can differ: another recorded environment, versions, a GPU, XLA, swapped
 * targets, a lost setting, perturbed outputs (a few ULP added to Keras's bits, never numbers
 * written by hand), and a layer outside the supported set. The per-layer outputs of the layer
 * tests are Java's own (Model.trace) with one layer perturbed; the end-to-end check on outputs
 * Keras recorded layer by layer is .ci/record_check.sh.
 */
class CaseDiagnosisTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Keras 3 Sequential: Embedding(mask_zero) → LSTM → TimeDistributed(Dense) → GRU → Dense. */
  private static final Path EMBED = Path.of("compat-tests/fixtures/model_seq-embed-lstm_k3_keras");
  /** Keras 3 Functional whose predict() differs from its model(x) (output 1). */
  private static final Path CHAIN =
      Path.of("compat-tests/fixtures/model_func-mask-input-chain_k3_keras");
  /** Keras 3 Sequential: Conv1D, pooling → LSTM → Conv1D → pooling → Dense. */
  private static final Path CONV = Path.of("compat-tests/fixtures/model_seq-conv-lstm_k3_keras");
  private static final String COMMAND = "keras-rnn parity --case DIR";

  @TempDir
  Path tmp;

  /** A copy marked as recorded by the script, in the pinned environment the tests run in. */
  private static ObjectNode recorded(ModelCase c) {
    ObjectNode j = c.json().deepCopy();
    j.put("recorded_by", "record_case.py");
    return j;
  }

  private static ObjectNode effective(ObjectNode json) {
    ObjectNode eff = json.putObject("fingerprint").putObject("effective");
    Map.of("TF_ENABLE_ONEDNN_OPTS", "0", "ONEDNN_MAX_CPU_ISA", "AVX2",
        "TF_NUM_INTRAOP_THREADS", "1", "TF_NUM_INTEROP_THREADS", "1").forEach(eff::put);
    return eff;
  }

  /** {@code a} with element {@code index} moved {@code ulps} float32 steps. */
  private static HostArray plusUlps(HostArray a, int index, int ulps) {
    ByteBuffer b = ByteBuffer.wrap(a.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(index * 4, b.getInt(index * 4) + ulps);
    return HostArray.ofBytes(a.dtype(), a.shape(), b.array());
  }

  private static Diagnosis run(ModelCase c, JsonNode json, Map<String, Object> data) {
    return CaseDiagnosis.run(c.with(json, data), null, COMMAND);
  }

  @Test
  void asRecordedIsBitExactUnderBothTargets() {
    ModelCase c = ModelCase.load(EMBED);
    ObjectNode json = recorded(c);
    effective(json);
    Diagnosis d = run(c, json, c.data());
    assertEquals(Verdict.BIT_EXACT, d.verdict(), d.toString());
    assertEquals(0, d.exitCode());
    assertTrue(d.environment().isEmpty() && d.launchLine() == null, d.toString());
    assertNull(d.predictRefused(), d.toString());
    assertFalse(d.predict().isEmpty());
    assertTrue(d.causes().isEmpty(), d.toString());
  }

  @Test
  void aRecordedEnvironmentThatDiffersIsNamedWithTheLineThatReproducesIt() {
    ModelCase c = ModelCase.load(EMBED);
    ObjectNode json = recorded(c);
    effective(json).put("TF_NUM_INTRAOP_THREADS", "2");
    Diagnosis same = run(c, json, c.data());
    assertEquals(List.of(new RunEnvironment.Difference("TF_NUM_INTRAOP_THREADS", "2", "1")),
        same.environment());
    assertEquals("TF_ENABLE_ONEDNN_OPTS=0 ONEDNN_MAX_CPU_ISA=AVX2 TF_NUM_INTRAOP_THREADS=2"
        + " TF_NUM_INTEROP_THREADS=1 " + COMMAND, same.launchLine());
    assertEquals(Verdict.BIT_EXACT, same.verdict(), "the bits of this model hold anyway");
    assertTrue(same.notes().stream().anyMatch(n -> n.contains("TF_NUM_INTRAOP_THREADS")));

    Map<String, Object> data = new HashMap<>(c.data());
    data.put("outputs/call/0", plusUlps(c.kerasCall().get(0), 4, 2));
    Diagnosis differs = run(c, json, data);
    assertEquals(Verdict.DIFFERS, differs.verdict());
    assertEquals(1, differs.exitCode());
    assertEquals(2, differs.call().get(0).maxUlp());
    assertTrue(differs.causes().stream().anyMatch(x -> x.kind() == CauseKind.ENVIRONMENT
        && x.message().startsWith("TF_NUM_INTRAOP_THREADS: 2 when recorded, 1 here")),
        differs.causes().toString());
  }

  @Test
  void theFirstDifferingLayerIsNamedWithItsMaxUlp() {
    ModelCase c = ModelCase.load(EMBED);
    Map<TensorRef, HostArray> java;
    List<String> names;
    try (Model m = c.model()) {
      java = m.trace(c.inputs());
      names = m.layers().stream().map(l -> l.name())
          .filter(n -> java.containsKey(new TensorRef(n, 0, 0))).toList();
    }
    assertTrue(names.size() >= 5 && names.contains("lstm"), names.toString());
    ObjectNode json = recorded(c);
    effective(json);
    ArrayNode list = json.putObject("layer_outputs").putArray("recorded");
    Map<String, Object> data = new HashMap<>(c.data());
    for (int i = 0; i < names.size(); i++) {
      list.addObject().put("name", names.get(i)).put("class_name", "?")
          .put("key", "layers/" + i);
      data.put("layers/" + i, java.get(new TensorRef(names.get(i), 0, 0)));
    }
    Diagnosis exact = run(c, json, data);
    assertEquals(names.size(), exact.layers().compared());
    assertNull(exact.layers().firstDiffering());

    int lstm = names.indexOf("lstm");
    data.put("layers/" + lstm, plusUlps((HostArray) data.get("layers/" + lstm), 5, 3));
    int last = names.size() - 1;
    data.put("layers/" + last, plusUlps((HostArray) data.get("layers/" + last), 0, 1));
    data.put("outputs/call/0", plusUlps(c.kerasCall().get(0), 0, 1));
    Diagnosis d = run(c, json, data);
    assertEquals(Verdict.DIFFERS, d.verdict());
    assertNotNull(d.layers().firstDiffering(), d.toString());
    assertEquals("lstm", d.layers().firstDiffering().name());
    assertEquals("eager and compiled", d.layers().firstDiffering().runs());
    assertEquals(3, d.layers().firstDiffering().diff().maxUlp());
    assertEquals(1, d.layers().firstDiffering().diff().differing());
  }

  @Test
  void versionsBackendGpuXlaAndLayerClassesAreNamedWhenBitsDiffer() {
    ModelCase c = ModelCase.load(EMBED);
    ObjectNode json = recorded(c);
    effective(json);
    ((ObjectNode) json.get("versions")).put("tensorflow", "2.17.1");
    json.put("keras_version", "3.8.0");
    json.put("keras_backend", "jax");
    ((ObjectNode) json.get("fingerprint")).putArray("gpus").add("/physical_device:GPU:0");
    ((ObjectNode) json.get("predict")).put("jit_compile", true);
    ((ArrayNode) json.get("layers")).add("Lambda");
    assertTrue(run(c, json, c.data()).causes().isEmpty(), "nothing to explain: bit-exact");

    Map<String, Object> data = new HashMap<>(c.data());
    data.put("outputs/call/0", plusUlps(c.kerasCall().get(0), 1, 1));
    data.put("outputs/predict/0", plusUlps(c.kerasPredict().get(0), 1, 1));
    Diagnosis d = run(c, json, data);
    assertEquals(Verdict.DIFFERS, d.verdict());
    for (CauseKind k : List.of(CauseKind.TENSORFLOW_VERSION, CauseKind.KERAS_VERSION,
        CauseKind.KERAS_BACKEND, CauseKind.GPU, CauseKind.XLA, CauseKind.UNSUPPORTED_LAYER)) {
      assertTrue(d.names(k), k + " in " + d.causes());
    }
    assertFalse(d.names(CauseKind.ENVIRONMENT), d.causes().toString());
  }

  @Test
  void swappedTargetsAreNamedPredictVsCall() {
    ModelCase c = ModelCase.load(CHAIN);
    assertNotEquals(c.kerasCall(), c.kerasPredict(), "this case's predict() differs");
    ObjectNode json = recorded(c);
    effective(json);
    Map<String, Object> data = new HashMap<>(c.data());
    for (int k = 0; k < c.kerasCall().size(); k++) {
      data.put("outputs/call/" + k, c.kerasPredict().get(k));
      data.put("outputs/predict/" + k, c.kerasCall().get(k));
    }
    Diagnosis d = run(c, json, data);
    assertEquals(Verdict.DIFFERS, d.verdict());
    assertEquals(2, d.causes().stream().filter(x -> x.kind() == CauseKind.PREDICT_VS_CALL)
        .count(), d.causes().toString());
  }

  @Test
  void aSettingTheFileDoesNotCarryIsNamedAndJavaWithItRestoredIsChecked() {
    ModelCase c = ModelCase.load(CONV);
    List<HostArray> implementation1;
    try (Model m = Model.load(c.files().get(0), new LoadOptions(1))) {
      implementation1 = m.predict(c.inputs());
    }
    assertNotEquals(c.kerasCall(), implementation1, "implementation 1 computes other bits");
    ObjectNode json = recorded(c);
    effective(json);
    ObjectNode reload = json.putObject("reload").put("in_memory", true).put("same_bits", false);
    reload.putArray("settings_not_saved").addObject().put("layer", "lstm.cell")
        .put("setting", "implementation").put("in_memory", 1).put("reloaded", 2);
    Map<String, Object> data = new HashMap<>(c.data());
    data.put("outputs/call/0", implementation1.get(0));
    data.put("outputs/reload/0", c.kerasCall().get(0));
    Diagnosis d = run(c, json, data);
    assertEquals(Verdict.DIFFERS, d.verdict());
    String msg = d.causes().stream().filter(x -> x.kind() == CauseKind.SETTING_NOT_SAVED)
        .findFirst().orElseThrow().message();
    assertTrue(msg.contains("lstm.cell implementation=1 (reloaded: 2)")
        && msg.contains("it matches Keras's reload bit for bit")
        && msg.contains("Java matches the in-memory model bit for bit"), msg);
    assertFalse(d.names(CauseKind.PREDICT_VS_CALL), d.causes().toString());
  }

  @Test
  void aLayerOutsideTheSupportedSetIsNotRun() throws Exception {
    ModelCase c = ModelCase.load(EMBED);
    Path dir = Files.createDirectories(tmp.resolve("case"));
    Files.copy(EMBED.resolve("data.h5"), dir.resolve("data.h5"));
    Files.copy(EMBED.resolve("case.json"), dir.resolve("case.json"));
    Files.write(dir.resolve("model.keras"), withClass(Files.readAllBytes(EMBED.resolve(
        "model.keras")), "gru", "Lambda"));
    ModelCase copy = ModelCase.load(dir);
    Diagnosis d = CaseDiagnosis.run(copy.with(recorded(c), copy.data()), null, COMMAND);
    assertEquals(Verdict.NOT_RUN, d.verdict());
    assertEquals(3, d.exitCode());
    assertTrue(d.names(CauseKind.UNSUPPORTED_LAYER) && d.causes().get(0).message()
        .contains("Lambda"), d.causes().toString());
  }

  /** The .keras archive with layer {@code name}'s class renamed in config.json. */
  private static byte[] withClass(byte[] keras, String name, String className) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(keras));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().equals("config.json")) {
          ObjectNode config = (ObjectNode) JSON.readTree(bytes);
          for (JsonNode layer : config.path("config").path("layers")) {
            if (layer.path("config").path("name").asText().equals(name)) {
              ((ObjectNode) layer).put("class_name", className);
            }
          }
          bytes = JSON.writeValueAsString(config).getBytes(StandardCharsets.UTF_8);
        }
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
