package dev.kerasrnn.cli;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasRnnException;
import dev.kerasrnn.layers.rnn.TimeLoop;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.model.Target;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code keras-rnn predict MODEL -i x.npy [-i ids.json] [-o out.npy]}: Keras's {@code
 * model(x)}. With {@code --batch DIR}, every {@code *.npy}/{@code *.json} file of a folder is one
 * single-input example set: a progress bar on stderr when it is a terminal, a summary at the end
 * (exit status 3 if any file failed; the others are still written).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Run a Keras model on inputs (.npy or JSON) and write its outputs.")
final class PredictCommand implements Callable<Integer> {
  @Mixin
  ModelOptions model;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE",
      description = "One per model input, in order (.npy or .json).")
  List<Path> inputs = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "One per model output (.npy or .json); default: print JSON to stdout.")
  List<Path> outputs = new ArrayList<>();

  @Option(names = "--batch", paramLabel = "DIR",
      description = "Predict every .npy/.json file in DIR (single-input models); outputs go to"
          + " --out-dir as <name>.out<k>.npy.")
  Path batchDir;

  @Option(names = "--out-dir", paramLabel = "DIR", description = "Where --batch writes.")
  Path outDir;

  @Option(names = "--eager", description = "Run op by op instead of the compiled graph.")
  boolean eager;

  @Option(names = "--target", defaultValue = "call", paramLabel = "call|predict",
      description = "Whose bits to reproduce: Keras's model(x) (call, default) or Keras's"
          + " model.predict(x, batch_size) (predict; Keras 3 models, see README).")
  String target;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
      description = "batch_size of --target predict (default ${DEFAULT-VALUE}, as Keras's).")
  int batchSize;

  @Option(names = "--max-unrolled-steps", paramLabel = "N",
      description = "Unroll sequences of up to N steps in the compiled graph, a while loop beyond"
          + " (default ${DEFAULT-VALUE}; 0: always a while loop). The outputs are the same bits.")
  int maxUnrolledSteps = TimeLoop.DEFAULT.maxUnrolledSteps();

  @Override
  public Integer call() throws Exception {
    Target t = Targets.parse(target, eager);
    if (t == null) {
      return 2;
    }
    try (Model m = model.load()) {
      m.setTimeLoop(new TimeLoop(maxUnrolledSteps));
      if (batchDir != null) {
        return batch(m, t);
      }
      List<Object> in = new ArrayList<>();
      for (Path p : inputs) {
        in.add(ArrayIo.read(p));
      }
      List<HostArray> out = run(m, in, t);
      if (outputs.isEmpty()) {
        for (int k = 0; k < out.size(); k++) {
          System.out.println(m.outputNames().get(k) + " " + out.get(k) + ": "
              + ArrayIo.toJson(out.get(k)));
        }
      } else {
        if (outputs.size() != out.size()) {
          System.err.println("the model has " + out.size() + " outputs " + m.outputNames()
              + ", " + outputs.size() + " output file(s) given");
          return 2;
        }
        for (int k = 0; k < out.size(); k++) {
          ArrayIo.write(outputs.get(k), out.get(k));
        }
      }
      return 0;
    }
  }

  private List<HostArray> run(Model m, List<Object> in, Target t) {
    if (t == Target.PREDICT) {
      return m.predict(in, Target.PREDICT, batchSize);
    }
    return eager ? m.predictEager(in) : m.predict(in);
  }

  private int batch(Model m, Target t) throws Exception {
    List<Path> files;
    try (var s = Files.list(batchDir)) {
      files = s.filter(p -> p.toString().endsWith(".npy") || p.toString().endsWith(".json"))
          .sorted().toList();
    }
    Path dir = outDir == null ? Path.of(".") : outDir;
    Files.createDirectories(dir);
    PrintStream err = Terminal.progressStream();
    Progress progress = new Progress(err, files.size(), Terminal.stderr());
    long start = System.nanoTime();
    int failed = 0;
    int written = 0;
    for (Path f : files) {
      progress.step(f.getFileName().toString());
      try {
        List<HostArray> out = run(m, List.of(ArrayIo.read(f)), t);
        String base = f.getFileName().toString().replaceAll("\\.(npy|json)$", "");
        for (int k = 0; k < out.size(); k++) {
          ArrayIo.write(dir.resolve(base + ".out" + k + ".npy"), out.get(k));
          written++;
        }
      } catch (KerasRnnException e) {
        failed++;
        progress.message(f + ": " + e.getMessage());
      }
    }
    progress.done();
    err.printf("predicted %d of %d file(s) in %.1f s; %d output file(s) in %s%s%n",
        files.size() - failed, files.size(), (System.nanoTime() - start) / 1e9, written, dir,
        failed > 0 ? "; " + failed + " failed (listed above)" : "");
    return failed > 0 ? 3 : 0;
  }
}
