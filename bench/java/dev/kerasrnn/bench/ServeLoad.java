package dev.kerasrnn.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load run against {@code keras-rnn serve} on loopback: for each number of concurrent
 * clients, each client sends the same request in a closed loop (next request when the answer
 * arrives) until the level's request count or its time limit is reached, after a short warm-up.
 * Every answer must be 200 and byte-identical to the first one (the same request, the same bits).
 * Prints one Markdown table row per level: throughput, p50, p90, p99, max latency.
 *
 * <p>Only the JDK is needed: {@code java bench/java/dev/kerasrnn/bench/ServeLoad.java URL BODY
 * LABEL [CLIENTS=1,8,64] [REQUESTS=4000] [SECONDS=30] [WARMUP=200]}. Only loopback URLs are
 * accepted. {@code bash bench/serve_load} runs it.
 */
public final class ServeLoad {
  private ServeLoad() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    String host = url.getHost();
    if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"))) {
      throw new IllegalArgumentException("load runs only against loopback, given " + host);
    }
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    String label = args[2];
    int[] levels = Arrays.stream((args.length > 3 ? args[3] : "1,8,64").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int requests = args.length > 4 ? Integer.parseInt(args[4]) : 4000;
    int seconds = args.length > 5 ? Integer.parseInt(args[5]) : 30;
    int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 200;
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(4)).build();
    HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    String expected = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    for (int clients : levels) {
      run(client, request, expected, clients, warmup, Long.MAX_VALUE, null);
      long[] lat = new long[requests];
      AtomicInteger done = new AtomicInteger();
      long start = System.nanoTime();
      int n = run(client, request, expected, clients, requests,
          start + TimeUnit.SECONDS.toNanos(seconds), new Recorder(lat, done));
      double elapsed = (System.nanoTime() - start) / 1e9;
      long[] l = Arrays.copyOf(lat, n);
      Arrays.sort(l);
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.0f | %.2f | %.2f | %.2f | %.2f |%n",
          label, clients, n, elapsed, n / elapsed, ms(l, 0.50), ms(l, 0.90), ms(l, 0.99),
          l[l.length - 1] / 1e6);
    }
    System.exit(0);
  }

  /** Where a level's latencies go. */
  private record Recorder(long[] latencies, AtomicInteger done) {}

  /** Sends up to {@code count} requests from {@code clients} loops; returns how many were sent. */
  private static int run(HttpClient client, HttpRequest request, String expected, int clients,
      int count, long deadline, Recorder rec) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> loops = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        loops.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < count && System.nanoTime() < deadline; ) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            long t = System.nanoTime() - t0;
            if (r.statusCode() != 200 || !r.body().equals(expected)) {
              throw new IllegalStateException("answer " + r.statusCode() + " differs from the"
                  + " first: " + r.body().substring(0, Math.min(200, r.body().length())));
            }
            if (rec != null) {
              rec.latencies()[finished.getAndIncrement()] = t;
            }
          }
          return null;
        }));
      }
      for (Future<?> f : loops) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return rec == null ? count : finished.get();
  }

  private static double ms(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
