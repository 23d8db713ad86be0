package dev.kerasrnn.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kerasrnn.core.KerasRnnException;
import dev.kerasrnn.core.RequestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server for Keras models speaking TensorFlow Serving's REST API ({@code /v1/...},
 * {@link TfServingApi}) and KServe's v2 / Open Inference Protocol ({@code /v2/...}, {@link
 * KServeApi}), on the JDK's {@code com.sun.net.httpserver}.
 *
 * <p>A few I/O threads read each request body (at most {@link ServerOptions#maxBodyBytes}, else
 * 413) and hand it to a pool of {@link ServerOptions#workers} workers with a bounded queue
 * ({@link ServerOptions#queue}; full: 503); a worker parses, runs the model and answers. Every
 * failure becomes a JSON {@code {"error": ...}} answer: 4xx for the request's fault, naming what
 * was expected; 500 for anything else, logged; the server keeps serving. {@link #close} stops
 * taking requests (readiness turns false, new ones get 503), finishes the accepted ones and
 * closes the models.
 */
public final class ModelServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
  /** Up to this many bytes of a too-large body are read and dropped before the 413. */
  static final long DRAIN_LIMIT = 256L << 20;

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: about 40 ms added to every answer. (Read once, when the first server starts.)
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Map<String, ServedModel> models;
  private final ServerOptions options;
  private final HttpServer http;
  private final ExecutorService io;
  private final ThreadPoolExecutor workers;
  private final TfServingApi tfServing;
  private final KServeApi kserve;
  private volatile boolean accepting = true;

  private ModelServer(List<ServedModel> served, ServerOptions options, String version)
      throws IOException {
    Map<String, ServedModel> byName = new LinkedHashMap<>();
    for (ServedModel m : served) {
      if (byName.put(m.name(), m) != null) {
        throw new IllegalArgumentException("two models are named '" + m.name() + "'");
      }
    }
    this.models = java.util.Collections.unmodifiableMap(byName);
    this.options = options;
    this.tfServing = new TfServingApi(models);
    this.kserve = new KServeApi(models, () -> accepting, version);
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 0,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, options.queue())), r -> {
          Thread t = new Thread(r, "keras-rnn-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    this.io = Executors.newFixedThreadPool(Math.max(2, Math.min(8, options.workers())), r -> {
      Thread t = new Thread(r, "keras-rnn-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 256);
    http.setExecutor(io);
    http.createContext("/", this::exchange);
    http.start();
  }

  /**
   * Starts serving {@code models} (named by {@link ServedModel#name()}); the server owns and
   * closes them.
   */
  public static ModelServer start(List<ServedModel> models, ServerOptions options,
      String version) throws IOException {
    return new ModelServer(models, options, version);
  }

  /** The bound port (the chosen one when {@link ServerOptions#port()} was 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The served models by name. */
  public Map<String, ServedModel> models() {
    return models;
  }

  private void exchange(HttpExchange ex) {
    try {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      byte[] body = readBody(ex);
      if (!accepting) {
        throw new RequestException(503, "the server is shutting down");
      }
      long queued = System.nanoTime();
      workers.execute(() -> respond(ex, () -> {
        long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - queued);
        if (waited >= options.timeoutSeconds()) {
          throw new RequestException(503, "the request waited " + waited + " s for a worker"
              + " (timeout " + options.timeoutSeconds() + " s); retry later");
        }
        return route(method, path, body);
      }));
    } catch (IOException e) {
      respond(ex, () -> Response.error(400, "could not read the request body: " + e.getMessage()));
    } catch (RejectedExecutionException e) {
      respond(ex, () -> Response.error(503, "the server is busy: " + options.workers()
          + " request(s) running and " + options.queue() + " waiting; retry later"));
    } catch (Throwable t) {
      respond(ex, () -> {
        throw t;
      });
    }
  }

  private Response route(String method, String path, byte[] body) {
    if (path.startsWith("/v1/")) {
      return tfServing.handle(method, path, body);
    }
    if (path.equals("/v2") || path.startsWith("/v2/")) {
      return kserve.handle(method, path, body);
    }
    throw new RequestException(404, "no such endpoint: " + path + " (TF Serving's REST API is"
        + " under /v1/models/, KServe's v2 protocol under /v2/)");
  }

  /**
   * The body, at most maxBodyBytes; beyond, 413. A too-large body is still read (and dropped) up
   * to {@link #DRAIN_LIMIT} bytes, so that the client receives the 413 instead of a connection
   * reset; a larger one is cut off.
   */
  private byte[] readBody(HttpExchange ex) throws IOException {
    long max = options.maxBodyBytes();
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        throw RequestException.badRequest("invalid Content-Length: " + declared);
      }
      if (length > max && length > DRAIN_LIMIT) {
        throw tooLarge(length + " bytes", max);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = ex.getRequestBody()) {
      byte[] buf = new byte[65536];
      long total = 0;
      for (int r; (r = in.read(buf)) > 0; ) {
        total += r;
        if (total <= max) {
          out.write(buf, 0, r);
        } else if (total > DRAIN_LIMIT) {
          break;
        }
      }
      if (total > max) {
        throw tooLarge(length >= 0 ? length + " bytes" : "more than " + max + " bytes", max);
      }
    }
    return out.toByteArray();
  }

  private static RequestException tooLarge(String given, long max) {
    return new RequestException(413, "request body too large: " + given + "; at most " + max
        + " bytes are accepted (keras-rnn serve --max-body-bytes)");
  }

  /** Computes and sends a response; no failure escapes, and the exchange is always closed. */
  private void respond(HttpExchange ex, Answer answer) {
    Response r;
    try {
      r = answer.get();
    } catch (RequestException e) {
      r = Response.error(e.status(), e.getMessage());
    } catch (KerasRnnException e) {
      r = Response.error(400, e.getMessage());
    } catch (OutOfMemoryError e) {
      r = Response.error(503, "out of memory for this request; send a smaller one");
    } catch (Throwable t) {
      LOG.error("request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), t);
      r = Response.error(500, "internal error: " + t);
    }
    try {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      if (r.status() == 413 || r.status() == 503) {
        ex.getResponseHeaders().set("Connection", "close");
      }
      ex.sendResponseHeaders(r.status(), r.body().length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body());
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not answer {} {}: {}", ex.getRequestMethod(), ex.getRequestURI(), e);
    } finally {
      ex.close();
    }
  }

  /** Stops taking requests, lets the accepted ones finish (up to the timeout), closes models. */
  @Override
  public void close() {
    accepting = false;
    workers.shutdown();
    try {
      if (!workers.awaitTermination(options.timeoutSeconds(), TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    http.stop(0);
    io.shutdownNow();
    models.values().forEach(ServedModel::close);
  }

  @FunctionalInterface
  private interface Answer {
    Response get() throws Throwable;
  }
}
