package dev.kerasrnn.core;

/**
 * Guards native resources that several threads use while one may close them: every use holds a
 * {@link Lease}; {@link #close} refuses new leases ({@link ClosedException}) and waits for the
 * ones held to end, so whatever it then frees is no longer in use by any thread. Cheap: one
 * monitor, no allocation but the lease.
 */
public final class Lifecycle {
  private final String what;
  private int active;
  private boolean closed;

  /** @param what the guarded object, for the exception message (e.g. {@code "model 'm'"}) */
  public Lifecycle(String what) {
    this.what = what;
  }

  /** One use; close it when done (try-with-resources). */
  public final class Lease implements AutoCloseable {
    private boolean released;

    private Lease() {}

    @Override
    public void close() {
      synchronized (Lifecycle.this) {
        if (!released) {
          released = true;
          if (--active == 0) {
            Lifecycle.this.notifyAll();
          }
        }
      }
    }
  }

  /**
   * Starts a use.
   *
   * @throws ClosedException if {@link #close} has been called
   */
  public synchronized Lease enter() {
    if (closed) {
      throw new ClosedException(what);
    }
    active++;
    return new Lease();
  }

  /**
   * Refuses new uses and waits until every current one has ended (interrupts are kept for
   * later, never a reason to free resources in use).
   *
   * @return true for the first call, which should then free the resources; false afterwards
   */
  public synchronized boolean close() {
    if (closed) {
      return false;
    }
    closed = true;
    boolean interrupted = false;
    while (active > 0) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /** Whether {@link #close} has been called. */
  public synchronized boolean isClosed() {
    return closed;
  }
}
