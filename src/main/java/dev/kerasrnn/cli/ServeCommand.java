package dev.kerasrnn.cli;

import dev.kerasrnn.model.Target;
import dev.kerasrnn.serving.ModelServer;
import dev.kerasrnn.serving.ServedModel;
import dev.kerasrnn.serving.ServerOptions;
import dev.kerasrnn.serving.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keras-rnn serve MODEL... [--port N]}: serves models over TF Serving's REST API and
 * KServe's v2 protocol until stopped (SIGINT/SIGTERM: accepted requests finish first).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve Keras models over HTTP: TF Serving's REST API"
        + " (POST /v1/models/NAME:predict, GET /v1/models/NAME) and KServe's v2 / Open Inference"
        + " Protocol (POST /v2/models/NAME/infer, GET /v2/models/NAME, /v2/health/live|ready).",
        "Each request is computed as its own batch: its outputs are the bits Keras gives for it."})
final class ServeCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "MODEL",
      description = "[NAME=]FILE: a .keras or legacy .h5 model; NAME defaults to the file name"
          + " without extension (the folder's name for model.keras / model.h5).")
  List<String> models = new ArrayList<>();

  @Option(names = "--port", defaultValue = "8501",
      description = "Port (default ${DEFAULT-VALUE}, TF Serving's REST port; 0: any free port).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(names = "--workers", description = "Requests computed at once (default: one per core).")
  Integer workers;

  @Option(names = "--queue", defaultValue = "64",
      description = "Requests that may wait for a worker; more get 503 (default ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--max-body-bytes", defaultValue = "16777216",
      description = "Largest request body; larger ones get 413 (default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "Longest wait for a worker, and for reading a request (default"
          + " ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--target", defaultValue = "call",
      description = "Which Keras answer to reproduce: call (model(x), default) or predict"
          + " (model.predict(x, batch_size=--predict-batch-size)).")
  String target;

  @Option(names = {"--predict-batch-size", "--batch-size"}, defaultValue = "32",
      description = "batch_size of --target predict (default ${DEFAULT-VALUE}, as Keras's).")
  int predictBatchSize;

  @Override
  public Integer call() throws Exception {
    Target t = Targets.parse(target, false);
    if (t == null) {
      return 2;
    }
    // The JDK server's own limit on reading a request (read once, when it first starts).
    System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty(
        "sun.net.httpserver.maxReqTime", String.valueOf(timeout)));
    ServerOptions options = new ServerOptions(host, port, workers != null ? workers
        : ServerOptions.defaults(port).workers(), queue, maxBodyBytes, timeout);
    List<ServedModel> served = new ArrayList<>();
    try {
      for (String spec : models) {
        int eq = spec.indexOf('=');
        Path file = Path.of(eq > 0 ? spec.substring(eq + 1) : spec);
        String name = eq > 0 ? spec.substring(0, eq) : defaultName(file);
        served.add(ServedModel.load(name, file, t, predictBatchSize));
      }
    } catch (RuntimeException e) {
      served.forEach(ServedModel::close);
      throw e;
    }
    ModelServer server = ModelServer.start(served, options, Versions.library());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("keras-rnn serve: stopping (finishing accepted requests)");
      server.close();
      stopped.countDown();
    }, "keras-rnn-shutdown"));
    String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
    for (ServedModel m : served) {
      System.out.printf("serving %s (%s; inputs %s; outputs %s)%n", m.name(), m.target()
          .toString().toLowerCase(java.util.Locale.ROOT), describe(m.inputs()),
          describe(m.outputs()));
      System.out.printf("  %s/v1/models/%s:predict   %s/v2/models/%s/infer%n", base, m.name(),
          base, m.name());
    }
    System.out.printf("listening on %s (%d workers, queue %d); Ctrl-C stops%n", base,
        options.workers(), options.queue());
    System.out.flush();
    stopped.await();
    return 0;
  }

  private static String describe(List<TensorInfo> list) {
    return list.stream().map(i -> i.name() + " " + i.datatype() + i.shapeString()).toList()
        .toString();
  }

  static String defaultName(Path file) {
    String f = file.getFileName().toString();
    String stem = f.replaceAll("\\.(keras|h5|hdf5)$", "");
    if (stem.equals("model") && file.toAbsolutePath().getParent() != null
        && file.toAbsolutePath().getParent().getFileName() != null) {
      return file.toAbsolutePath().getParent().getFileName().toString();
    }
    return stem;
  }
}
