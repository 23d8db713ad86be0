package dev.kerasrnn.core;

/**
 * A request to a served model is refused: malformed, of the wrong shape or type, too large, for
 * an unknown model, or the server is busy. Carries the HTTP status the server answers with (4xx,
 * or 503 when busy) and a message naming what was expected and what was given.
 */
public class RequestException extends KerasRnnException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public RequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** A 400 Bad Request. */
  public static RequestException badRequest(String message) {
    return new RequestException(400, message);
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }
}
