package dev.kerasrnn.core;

/**
 * Which Keras computed the reference: the two eras define some things differently (hard_sigmoid,
 * the fused tf-keras CPU path for LSTM/GRU). A model follows the era of the Keras that saved it.
 */
public enum KerasEra {
  /** tf-keras 2.x (and standalone Keras 2): hard_sigmoid is {@code clip(0.2x + 0.5, 0, 1)}. */
  KERAS_2,
  /** Keras 3: hard_sigmoid is {@code relu6(x + 3) / 6}; the cell path honours implementation. */
  KERAS_3;

  /** The era of a {@code keras_version} string such as {@code "3.6.0"} or {@code "2.18.0"}. */
  public static KerasEra fromVersion(String kerasVersion) {
    if (kerasVersion == null || kerasVersion.isBlank()) {
      throw new IllegalArgumentException("missing keras_version");
    }
    String major = kerasVersion.trim().split("\\.")[0];
    switch (major) {
      case "1":
      case "2":
        return KERAS_2;
      case "3":
        return KERAS_3;
      default:
        throw new IllegalArgumentException(
            "unsupported keras_version '" + kerasVersion + "'; expected 2.x or 3.x");
    }
  }
}
