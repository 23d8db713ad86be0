package dev.kerasrnn.cli;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.model.Target;
import dev.kerasrnn.parity.CaseDiagnosis;
import dev.kerasrnn.parity.Diagnosis;
import dev.kerasrnn.parity.ModelCase;
import dev.kerasrnn.parity.RecordedCase;
import dev.kerasrnn.runtime.Environment;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keras-rnn parity}: runs a model in Java (eager and compiled) on inputs and compares with
 * the outputs Keras recorded, bit for bit, reporting the max ULP distance per output. Either a
 * model file with {@code -i}/{@code -e} arrays, or {@code --case DIR} (a recorded case folder:
 * case.json, data.h5 and the model files, as in compat-tests/fixtures and models/). A case that
 * python-fixtures/record_case.py recorded from the user's own model is checked under both targets
 * at once, layer by layer when recorded, with the causes of a difference ({@link CaseDiagnosis}).
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
    description = "Compare Java's outputs with Keras-recorded outputs bit for bit.")
final class ParityCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
      description = "A .keras archive, a legacy .h5 model, or a weights file with --config.")
  Path modelFile;

  @Option(names = "--config", paramLabel = "JSON", description = "Config for a weights file.")
  Path config;

  @Option(names = "--case", paramLabel = "DIR", description = "A recorded case folder (a case"
      + " of record_case.py is checked under both targets, layer by layer, with causes).")
  Path caseDir;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Inputs (.npy/.json).")
  List<Path> inputs = new ArrayList<>();

  @Option(names = {"-e", "--expected"}, paramLabel = "FILE",
      description = "Keras's outputs of model(x) (.npy/.json), one per output.")
  List<Path> expected = new ArrayList<>();

  @Option(names = "--show", defaultValue = "4", description = "Values printed per output.")
  int show;

  @Option(names = "--target", defaultValue = "call", paramLabel = "call|predict",
      description = "Compare with Keras's model(x) (call, default: Java eager and compiled) or"
          + " with Keras's model.predict(x) (predict: Java's rebuilt predict() graph; -e then"
          + " gives predict()'s outputs).")
  String target;

  @Option(names = "--batch-size", paramLabel = "N",
      description = "batch_size of --target predict (default: the case's, else 32).")
  Integer batchSize;

  /** A recorded single-layer case (any kind but model): the layer alone, eager and compiled. */
  private int layerCase(PrintStream out, Target t) {
    RecordedCase c = RecordedCase.load(caseDir);
    if (t == Target.PREDICT) {
      return predictLayerCase(out, c);
    }
    out.printf("case      %s (%s, written by %s %s)%n", c.name(), c.kind(),
        c.json().path("framework").asText(), c.json().path("keras_version").asText());
    if (c.kind().equals("stateful") || c.kind().equals("initializer")) {
      out.printf("a %s case is checked by its compat test; parity runs single calls%n", c.kind());
      return 2;
    }
    List<String> names = new ArrayList<>();
    for (int k = 0; k < c.kerasCall().size(); k++) {
      names.add(c.outputName(k));
    }
    boolean all = new ParityReport(out, show).print(names, c.kerasCall(), c.runEager(),
        c.runCompiled(), c.kerasPredict());
    return all ? 0 : 1;
  }

  /** A layer case under PREDICT: the Keras model built around the layer, as Keras ran it. */
  private int predictLayerCase(PrintStream out, RecordedCase c) {
    out.printf("case      %s (%s, written by %s %s)%n", c.name(), c.kind(),
        c.json().path("framework").asText(), c.json().path("keras_version").asText());
    List<HostArray> keras = c.kerasPredict();
    try (Model m = c.model()) {
      if (m == null || keras == null) {
        out.println("this case records no model or no predict() outputs");
        return 2;
      }
      int batch = batchSize != null ? batchSize
          : c.json().path("predict").path("batch_size").asInt(Model.DEFAULT_PREDICT_BATCH);
      DType floatx = DType.fromKerasName(c.json().path("dtype").asText("float32"));
      List<HostArray> java = m.predict(c.modelInputs(), Target.PREDICT, batch, floatx);
      List<String> names = new ArrayList<>();
      for (int k = 0; k < keras.size(); k++) {
        names.add(c.outputName(k));
      }
      return new ParityReport(out, show).printPredict(names, keras, java) ? 0 : 1;
    }
  }

  /**
   * A case recorded from the user's own model by python-fixtures/record_case.py: both targets,
   * the layer outputs, the recorded environment, and the causes of a difference.
   */
  private int recordedCase(PrintStream out, ModelCase c) {
    out.printf("case      %s (%s %s, TensorFlow %s; recorded by record_case.py)%n", c.name(),
        c.json().path("framework").asText(), c.json().path("keras_version").asText(),
        c.json().path("versions").path("tensorflow").asText());
    int batch = batchSize != null ? batchSize
        : c.json().path("predict").path("batch_size").asInt(Model.DEFAULT_PREDICT_BATCH);
    String command = System.getProperty("kerasrnn.launcher", "keras-rnn") + " parity --case "
        + shellQuote(caseDir.toString()) + (batchSize != null ? " --batch-size " + batchSize : "");
    Diagnosis d = CaseDiagnosis.run(c, batchSize, command);
    new DiagnosisReport(out).print(d, batch);
    return d.exitCode();
  }

  private static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_@%+=:,./-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  @Override
  public Integer call() {
    PrintStream out = System.out;
    if (caseDir != null && RecordedCase.kindOf(caseDir).equals("model")) {
      ModelCase recorded = ModelCase.load(caseDir);
      if (recorded.recordedByScript()) {
        return recordedCase(out, recorded);
      }
    }
    Map<String, String> deviations = Environment.deviations();
    if (!deviations.isEmpty()) {
      out.println("WARNING: TensorFlow environment differs from the pinned one: " + deviations);
    }
    if (Environment.onednnEnabled()) {
      out.println("NOTE: oneDNN's custom ops are on in this process: the eager mode runs the"
          + " compiled graph (TF Java's directly run eager ops do not get oneDNN's kernels;"
          + " README, \"Bits in other environments\")");
    }
    List<Object> in = new ArrayList<>();
    List<HostArray> keras = new ArrayList<>();
    List<HostArray> kerasPredict = null;
    Model model;
    Target t = Targets.parse(target, false);
    if (t == null) {
      return 2;
    }
    if (caseDir != null && !RecordedCase.kindOf(caseDir).equals("model")) {
      return layerCase(out, t);
    }
    int batch = batchSize != null ? batchSize : Model.DEFAULT_PREDICT_BATCH;
    if (caseDir != null) {
      ModelCase c = ModelCase.load(caseDir);
      out.printf("case      %s (%s, written by %s %s)%n", c.name(), c.format(),
          c.json().path("framework").asText(), c.json().path("keras_version").asText());
      model = c.model();
      in.addAll(c.inputs());
      keras.addAll(c.kerasCall());
      kerasPredict = c.kerasPredict();
      if (batchSize == null) {
        batch = c.json().path("predict").path("batch_size").asInt(batch);
      }
    } else {
      if (modelFile == null) {
        System.err.println("give a MODEL file (with -i and -e) or --case DIR");
        return 2;
      }
      model = config == null ? Model.load(modelFile) : Model.load(modelFile, config);
      for (Path p : inputs) {
        in.add(ArrayIo.read(p));
      }
      for (Path p : expected) {
        Object v = ArrayIo.read(p);
        if (!(v instanceof HostArray a)) {
          System.err.println(p + ": expected float outputs");
          return 2;
        }
        keras.add(a);
      }
    }
    try (Model m = model) {
      out.printf("model     %s (%s, %d layers, Keras era %s)%n", m.name(), m.className(),
          m.layers().size(), m.era());
      if (t == Target.PREDICT) {
        List<HostArray> expectedPredict = caseDir != null ? kerasPredict : keras;
        if (expectedPredict == null) {
          out.println("this case records no predict() outputs");
          return 2;
        }
        List<HostArray> java = m.predict(in, Target.PREDICT, batch);
        return new ParityReport(out, show).printPredict(m.outputNames(), expectedPredict, java)
            ? 0 : 1;
      }
      if (m.hasStatefulLayers()) {
        out.println("stateful  each mode runs from the states after loading (zeros): Keras's"
            + " first model(x) after load_model");
      }
      List<HostArray> eager = m.predictEager(in);
      m.resetStates();
      List<HostArray> compiled = m.predict(in);
      m.resetStates();
      if (keras.size() != eager.size()) {
        out.printf("the model has %d outputs, %d expected arrays given%n", eager.size(),
            keras.size());
        return 2;
      }
      boolean all = new ParityReport(out, show).print(m.outputNames(), keras, eager, compiled,
          kerasPredict);
      return all ? 0 : 1;
    }
  }
}
