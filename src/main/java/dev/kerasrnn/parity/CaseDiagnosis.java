package dev.kerasrnn.parity;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.model.LoadOptions;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.model.Target;
import dev.kerasrnn.model.TensorRef;
import dev.kerasrnn.parity.Diagnosis.Cause;
import dev.kerasrnn.parity.Diagnosis.CauseKind;
import dev.kerasrnn.parity.Diagnosis.LayerCheck;
import dev.kerasrnn.parity.Diagnosis.LayerDiff;
import dev.kerasrnn.parity.Diagnosis.OutputCheck;
import dev.kerasrnn.parity.Diagnosis.Verdict;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a case recorded from a user's own model (python-fixtures/record_case.py) the way
 * {@code keras-rnn parity --case DIR} reports it: Java's {@code CALL} target (eager and compiled)
 * against Keras's {@code model(x)}, the {@code PREDICT} target against {@code
 * model.predict(x, batch_size=B)}, each recorded layer's output against Java's, and what explains
 * a difference: the environment, versions, a GPU, XLA, predict() against call, a layer outside
 * the supported set, or a setting the saved file does not carry.
 */
public final class CaseDiagnosis {
  private final ModelCase c;
  private final RecordedTerms terms;
  private final int batchSize;
  private final List<Cause> causes = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private CaseDiagnosis(ModelCase c, Integer batchSize) {
    this.c = c;
    this.terms = new RecordedTerms(c.json());
    this.batchSize = batchSize != null ? batchSize
        : c.json().path("predict").path("batch_size").asInt(Model.DEFAULT_PREDICT_BATCH);
  }

  /**
   * Runs the case.
   *
   * @param batchSize {@code predict()}'s batch size, or null for the recorded one
   * @param command the command and arguments to print after the environment when it differs
   */
  public static Diagnosis run(ModelCase c, Integer batchSize, String command) {
    return new CaseDiagnosis(c, batchSize).diagnose(command);
  }

  private Diagnosis diagnose(String command) {
    RunEnvironment recorded = RunEnvironment.recorded(c.json());
    RunEnvironment here = RunEnvironment.current();
    List<RunEnvironment.Difference> env = here.differencesFrom(recorded);
    String line = env.isEmpty() ? null : recorded.launchLine(command);
    List<Cause> general = terms.general(env, recorded, here, org.tensorflow.TensorFlow.version());
    Set<String> unsupported = terms.unsupportedLayers();
    Model model;
    try {
      model = c.model();
    } catch (ConfigException e) {
      causes.add(new Cause(CauseKind.UNSUPPORTED_LAYER, (unsupported.isEmpty() ? ""
          : "layer classes outside the supported set: " + unsupported + ". ") + e.getMessage()));
      return new Diagnosis(c.name(), Verdict.NOT_RUN, env, line, List.of(), List.of(), null,
          List.of(), null, causes, notes);
    }
    try (Model m = model) {
      List<Object> in = c.inputs();
      List<HostArray> kerasCall = c.kerasCall();
      List<HostArray> kerasPredict = c.kerasPredict();
      // A stateful model: each mode from the states after loading, as Keras's first call.
      List<HostArray> eager = m.predictEager(in);
      m.resetStates();
      List<HostArray> compiled = m.predict(in);
      m.resetStates();
      checkCount(kerasCall, eager, "outputs/call");
      List<OutputCheck> call = new ArrayList<>();
      for (int k = 0; k < kerasCall.size(); k++) {
        call.add(new OutputCheck(name(m, k), ArrayDiff.of(kerasCall.get(k), eager.get(k)),
            ArrayDiff.of(kerasCall.get(k), compiled.get(k))));
      }
      // predict() ran on Keras's reload of the file: compare it with that model's model(x).
      List<HostArray> reloadCall = terms.reloadDiffers() && !c.kerasReloadCall().isEmpty()
          ? c.kerasReloadCall() : kerasCall;
      List<ArrayDiff> kerasOwn = new ArrayList<>();
      for (int k = 0; k < Math.min(reloadCall.size(), kerasPredict.size()); k++) {
        kerasOwn.add(ArrayDiff.of(reloadCall.get(k), kerasPredict.get(k)));
      }
      String refused = null;
      List<OutputCheck> predict = new ArrayList<>();
      List<HostArray> javaPredict = List.of();
      if (kerasPredict.isEmpty()) {
        refused = "the case records no predict() outputs";
      } else {
        try {
          javaPredict = m.predict(in, Target.PREDICT, batchSize, floatx());
          checkCount(kerasPredict, javaPredict, "outputs/predict");
          for (int k = 0; k < kerasPredict.size(); k++) {
            predict.add(new OutputCheck(name(m, k), ArrayDiff.of(kerasPredict.get(k),
                javaPredict.get(k)), null));
          }
        } catch (UnsupportedTraceException e) {
          refused = e.getMessage();
        }
      }
      LayerCheck layers = c.layerOutputs().isEmpty() ? null : layers(m, in);
      boolean callExact = call.stream().allMatch(OutputCheck::exact);
      boolean predictExact = refused == null && predict.stream().allMatch(OutputCheck::exact);
      boolean kerasAgrees = kerasOwn.stream().allMatch(ArrayDiff::exact);
      if (!callExact) {
        causes.addAll(general);
        reloadCauses(compiled);
        if (!unsupported.isEmpty()) {
          causes.add(new Cause(CauseKind.UNSUPPORTED_LAYER, "layer classes outside the"
              + " supported set: " + unsupported));
        }
        if (!kerasAgrees && !terms.reloadDiffers() && same(kerasPredict, compiled)) {
          causes.add(new Cause(CauseKind.PREDICT_VS_CALL, "Java's model(x) equals Keras's"
              + " predict() output: the outputs recorded as model(x) are predict()'s answer"));
        }
      }
      if (refused == null && !predictExact) {
        causes.addAll(terms.xla());
        if (callExact) {
          causes.addAll(general);
        }
        if (!kerasAgrees && same(reloadCall, javaPredict)) {
          causes.add(new Cause(CauseKind.PREDICT_VS_CALL, "Java's predict() equals Keras's"
              + " model(x) output: the outputs recorded as predict() are model(x)'s answer"));
        }
      }
      Verdict verdict = !callExact || (refused == null && !predictExact) ? Verdict.DIFFERS
          : refused == null || kerasAgrees ? Verdict.BIT_EXACT : Verdict.CALL_ONLY;
      if (refused != null) {
        refusedNotes(refused, kerasAgrees, kerasOwn, verdict);
      }
      if (!env.isEmpty() && verdict != Verdict.DIFFERS) {
        notes.add("the environment differs from the recorded one (" + env.stream()
            .map(RunEnvironment.Difference::variable).toList() + "), yet the bits hold here");
      }
      return new Diagnosis(c.name(), verdict, env, line, call, predict, refused, kerasOwn,
          layers, causes, notes);
    }
  }

  private void refusedNotes(String refused, boolean kerasAgrees, List<ArrayDiff> kerasOwn,
      Verdict verdict) {
    if (kerasAgrees) {
      notes.add("predict() is not rebuilt for this model (" + refused + "), but Keras's"
          + " predict() equals its model(x) here, so Java's CALL answer is predict()'s too");
      return;
    }
    long ulp = kerasOwn.stream().mapToLong(ArrayDiff::maxUlp).max().orElse(0);
    List<Cause> xla = terms.xla();
    String why = "Keras's predict() differs from its own model(x) here (max ULP " + ulp
        + (xla.isEmpty() ? "; Grappler rewrites predict()'s graph" : "; predict() ran under XLA")
        + ");"
        + " Java reproduces model(x) (CALL), and predict() is not rebuilt for this model: "
        + refused;
    if (verdict == Verdict.CALL_ONLY) {
      causes.add(new Cause(CauseKind.PREDICT_NOT_REBUILT, why));
      causes.addAll(xla);
    } else {
      notes.add(why);
    }
  }

  /** The in-memory model against its reload: what the file lost, and Java with it restored. */
  private void reloadCauses(List<HostArray> compiled) {
    if (!terms.reloadDiffers()) {
      return;
    }
    List<HostArray> reload = c.kerasReloadCall();
    List<String> lost = terms.settingsNotSaved();
    StringBuilder sb = new StringBuilder("the in-memory model's model(x) differs from Keras's"
        + " own reload of the file; the file does not carry ")
        .append(lost.isEmpty() ? "a setting the script could name (compare the weights and"
            + " custom attributes)" : String.join(", ", lost));
    if (!reload.isEmpty()) {
      sb.append(". Java follows the file: it ").append(same(reload, compiled) ? "matches"
          : "does NOT match").append(" Keras's reload bit for bit");
    }
    Integer impl = terms.lostImplementation();
    if (impl != null) {
      List<HostArray> again;
      try (Model m = Model.load(c.files().get(0), new LoadOptions(impl))) {
        again = m.predict(c.inputs());
      }
      sb.append(". Loaded with LoadOptions(recurrentImplementation=").append(impl)
          .append(") (every LSTM/GRU with implementation ").append(impl).append("), Java ")
          .append(same(c.kerasCall(), again) ? "matches" : "does NOT match")
          .append(" the in-memory model bit for bit");
    }
    causes.add(new Cause(CauseKind.SETTING_NOT_SAVED, sb.toString()));
  }

  /** Java's output of every recorded layer, eager and compiled, in the recorded order. */
  private LayerCheck layers(Model m, List<Object> in) {
    Map<TensorRef, HostArray> eager = m.trace(in);
    Map<TensorRef, HostArray> compiled = m.traceCompiled(in);
    int compared = 0;
    LayerDiff first = null;
    List<String> missing = new ArrayList<>();
    for (ModelCase.LayerOutput l : c.layerOutputs()) {
      HostArray e = firstOutput(eager, l.name());
      HostArray g = firstOutput(compiled, l.name());
      if (e == null || g == null) {
        missing.add(l.name());
        continue;
      }
      compared++;
      ArrayDiff de = ArrayDiff.of(l.keras(), e);
      ArrayDiff dg = ArrayDiff.of(l.keras(), g);
      if (first == null && !(de.exact() && dg.exact())) {
        String runs = de.exact() ? "compiled" : dg.exact() ? "eager" : "eager and compiled";
        ArrayDiff worse = de.exact() || (!dg.exact() && dg.maxUlp() > de.maxUlp()) ? dg : de;
        first = new LayerDiff(l.name(), l.className(), runs, worse);
      }
    }
    return new LayerCheck(compared, first, missing);
  }

  /** Output 0 of the layer's first call, as {@link Model#trace} keys it; null if absent. */
  private static HostArray firstOutput(Map<TensorRef, HostArray> java, String layer) {
    TensorRef best = null;
    for (TensorRef r : java.keySet()) {
      if (r.layer().equals(layer) && r.index() == 0 && (best == null || r.node() < best.node())) {
        best = r;
      }
    }
    return best == null ? null : java.get(best);
  }

  private DType floatx() {
    String name = c.json().path("predict").path("floatx").asText("float32");
    try {
      return DType.fromKerasName(name);
    } catch (IllegalArgumentException e) {
      throw new KerasFileException(c.dir().resolve("case.json"), "predict/floatx",
          "expected a float dtype name, given '" + name + "'");
    }
  }

  private void checkCount(List<HostArray> keras, List<HostArray> java, String where) {
    if (keras.size() != java.size()) {
      throw new KerasFileException(c.dir().resolve("data.h5"), where, "expected "
          + java.size() + " recorded output(s) (the model's), found " + keras.size());
    }
  }

  private static String name(Model m, int k) {
    return k < m.outputNames().size() ? m.outputNames().get(k) : String.valueOf(k);
  }

  private static boolean same(List<HostArray> a, List<HostArray> b) {
    if (a.size() != b.size() || a.isEmpty()) {
      return false;
    }
    for (int k = 0; k < a.size(); k++) {
      if (!ArrayDiff.of(a.get(k), b.get(k)).exact()) {
        return false;
      }
    }
    return true;
  }
}
