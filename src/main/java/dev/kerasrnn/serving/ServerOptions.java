package dev.kerasrnn.serving;

/**
 * How the server runs.
 *
 * @param host the address to bind (e.g. {@code 127.0.0.1}, or {@code 0.0.0.0} for all)
 * @param port the port (0: any free one)
 * @param workers requests computed at once (each runs its ops in its own thread)
 * @param queue requests that may wait for a worker; beyond that the server answers 503
 * @param maxBodyBytes the largest request body; a larger one gets 413
 * @param timeoutSeconds how long a request may wait for and run on a worker before a 503
 */
public record ServerOptions(String host, int port, int workers, int queue, long maxBodyBytes,
    int timeoutSeconds) {
  public ServerOptions {
    if (port < 0 || port > 65535 || workers < 1 || queue < 0 || maxBodyBytes < 1
        || timeoutSeconds < 1) {
      throw new IllegalArgumentException("invalid server options: port " + port + ", workers "
          + workers + ", queue " + queue + ", max body " + maxBodyBytes + ", timeout "
          + timeoutSeconds);
    }
  }

  /** Loopback, the given port, one worker per core, 64 waiting, 16 MiB bodies, 60 s. */
  public static ServerOptions defaults(int port) {
    return new ServerOptions("127.0.0.1", port,
        Math.max(1, Runtime.getRuntime().availableProcessors()), 64, 16L << 20, 60);
  }

  public ServerOptions withPort(int p) {
    return new ServerOptions(host, p, workers, queue, maxBodyBytes, timeoutSeconds);
  }
}
