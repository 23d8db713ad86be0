package dev.kerasrnn.parity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.model.LayerRegistry;
import dev.kerasrnn.parity.Diagnosis.Cause;
import dev.kerasrnn.parity.Diagnosis.CauseKind;
import dev.kerasrnn.runtime.CpuInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a recorded case's {@code case.json} says about the terms Keras ran under, compared with
 * this library's: the environment, the TensorFlow and Keras versions, a GPU, XLA, layer classes,
 * and what the saved file lost (python-fixtures/record_case.py writes these keys).
 */
final class RecordedTerms {
  /** The TensorFlow release whose kernels TF Java 1.1.0 bundles. */
  static final String TENSORFLOW = "2.18.0";
  /** The Keras releases whose op sequences the library follows. */
  static final String KERAS_3 = "3.6.0";
  static final String TF_KERAS = "2.18.0";

  private final JsonNode json;

  RecordedTerms(JsonNode json) {
    this.json = json;
  }

  /** Causes that would change every output: environment, CPU, versions, GPU. */
  List<Cause> general(List<RunEnvironment.Difference> env, RunEnvironment recorded,
      RunEnvironment here, String nativeTensorflow) {
    List<Cause> out = new ArrayList<>();
    for (RunEnvironment.Difference d : env) {
      out.add(new Cause(CauseKind.ENVIRONMENT, describe(d, here)));
    }
    if (recorded.cpuModel() != null && !recorded.cpuModel().equals(here.cpuModel())) {
      out.add(new Cause(CauseKind.CPU, "recorded on a " + recorded.cpuModel() + " (best ISA "
          + recorded.cpuIsa() + "), run on a " + here.cpuModel() + " (best ISA " + here.cpuIsa()
          + "); with the same ISA in force kernels usually agree, but cache sizes can change"
          + " how Eigen blocks a contraction"));
    }
    String tf = json.path("versions").path("tensorflow").asText(null);
    if (tf != null && !tf.equals(nativeTensorflow)) {
      out.add(new Cause(CauseKind.TENSORFLOW_VERSION, "recorded with TensorFlow " + tf
          + "; this library runs TensorFlow " + nativeTensorflow + "'s kernels (TF Java 1.1.0):"
          + " record with tensorflow-cpu==" + TENSORFLOW));
    }
    String framework = json.path("framework").asText("");
    String keras = json.path("keras_version").asText("");
    String want = framework.equals("tf_keras") || keras.startsWith("2.") ? TF_KERAS : KERAS_3;
    if (!keras.isEmpty() && !keras.equals(want)) {
      out.add(new Cause(CauseKind.KERAS_VERSION, "recorded with " + framework + " " + keras
          + "; the library follows the ops of Keras " + KERAS_3 + " and tf-keras " + TF_KERAS
          + ", and another release may compute differently: record with " + (want.equals(KERAS_3)
          ? "keras==" : "tf-keras==") + want));
    }
    String backend = json.path("keras_backend").asText("tensorflow");
    if (!backend.equals("tensorflow")) {
      out.add(new Cause(CauseKind.KERAS_BACKEND, "Keras ran on the " + backend + " backend; the"
          + " library reproduces Keras on TensorFlow: record with KERAS_BACKEND=tensorflow"));
    }
    JsonNode gpus = json.path("fingerprint").path("gpus");
    if (gpus.isArray() && !gpus.isEmpty()) {
      out.add(new Cause(CauseKind.GPU, "Keras saw GPU(s) " + gpus + " and ran its ops there (other"
          + " kernels, cuDNN for LSTM/GRU); the library's promise is for the CPU: record with"
          + " CUDA_VISIBLE_DEVICES="));
    }
    return out;
  }

  /** XLA for {@code predict()}: a saved {@code jit_compile=True}, or {@code TF_XLA_FLAGS}. */
  List<Cause> xla() {
    List<Cause> out = new ArrayList<>();
    if (json.path("predict").path("jit_compile").asBoolean(false)) {
      out.add(new Cause(CauseKind.XLA, "the file's compile config sets jit_compile=True, so Keras"
          + " ran predict() under XLA, which fuses and reorders ops (compare model(x), or save"
          + " the model compiled with jit_compile=False)"));
    }
    String flags = json.path("environment").path("TF_XLA_FLAGS").asText("");
    if (flags.contains("auto_jit")) {
      out.add(new Cause(CauseKind.XLA, "TF_XLA_FLAGS=" + flags + " when recorded: TensorFlow"
          + " auto-clustered predict()'s graph for XLA"));
    }
    return out;
  }

  /** Layer classes of the model that the library has no reader for. */
  Set<String> unsupportedLayers() {
    Set<String> out = new TreeSet<>();
    for (JsonNode l : json.path("layers")) {
      String name = l.asText();
      if (!name.equals("InputLayer") && !LayerRegistry.classNames().contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** Whether an in-memory model was recorded and its reload computes other bits. */
  boolean reloadDiffers() {
    JsonNode r = json.path("reload");
    return r.path("in_memory").asBoolean(false) && !r.path("same_bits").asBoolean(true);
  }

  /** The settings the in-memory model had and its reload lacks, as "layer setting=v (...)". */
  List<String> settingsNotSaved() {
    List<String> out = new ArrayList<>();
    for (JsonNode s : json.path("reload").path("settings_not_saved")) {
      out.add(s.path("layer").asText() + " " + s.path("setting").asText() + "="
          + s.path("in_memory").asText() + " (reloaded: " + s.path("reloaded").asText() + ")");
    }
    return out;
  }

  /**
   * The in-memory {@code implementation} when every lost setting is one and the same LSTM/GRU
   * implementation, else null.
   */
  Integer lostImplementation() {
    Integer value = null;
    JsonNode lost = json.path("reload").path("settings_not_saved");
    for (JsonNode s : lost) {
      if (!s.path("setting").asText().equals("implementation") || !s.path("in_memory").isInt()
          || (value != null && value != s.path("in_memory").asInt())) {
        return null;
      }
      value = s.path("in_memory").asInt();
    }
    return value;
  }

  private static String describe(RunEnvironment.Difference d, RunEnvironment here) {
    String s = d.variable() + ": " + d.recorded() + " when recorded, " + d.here() + " here";
    if (d.variable().equals("TF_ENABLE_ONEDNN_OPTS")) {
      s += " (oneDNN's custom ops " + (d.recorded().equals("1") ? "on" : "off")
          + " when recorded, " + ("1".equals(d.here()) ? "on" : "off") + " here)";
    } else if (d.variable().equals("ONEDNN_MAX_CPU_ISA") && here.cpuIsa() != null
        && CpuInfo.rank(d.recorded()) > CpuInfo.rank(here.cpuIsa())) {
      s += "; this CPU offers at most " + here.cpuIsa() + ", so no setting reproduces it here:"
          + " record the case again with ONEDNN_MAX_CPU_ISA=" + here.cpuIsa();
    } else if (d.variable().startsWith("TF_NUM_")) {
      s += " (how Eigen shards a contraction depends on the thread count)";
    }
    return s;
  }
}
