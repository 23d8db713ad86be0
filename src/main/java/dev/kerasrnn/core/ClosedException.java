package dev.kerasrnn.core;

/**
 * A call reached a model, compiled function or layer after (or while) it was closed. The call did
 * not run: nothing native was touched.
 */
public class ClosedException extends KerasRnnException {
  private static final long serialVersionUID = 1L;

  public ClosedException(String what) {
    super(what + " has been closed; the call did not run");
  }
}
