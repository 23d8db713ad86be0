package dev.kerasrnn.core;

/** Base class of every exception this library throws on bad input, files or configurations. */
public class KerasRnnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KerasRnnException(String message) {
    super(message);
  }

  public KerasRnnException(String message, Throwable cause) {
    super(message, cause);
  }
}
