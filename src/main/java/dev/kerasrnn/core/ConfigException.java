package dev.kerasrnn.core;

/** A Keras layer configuration is invalid or names something this library does not support. */
public class ConfigException extends KerasRnnException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
