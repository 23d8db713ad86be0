package dev.kerasrnn.cli;

import dev.kerasrnn.model.Target;

/** The {@code --target} option of predict, parity and serve. */
final class Targets {
  private Targets() {}

  /** {@code call} or {@code predict}; null (after a message) for anything else. */
  static Target parse(String name, boolean eager) {
    Target t = switch (name) {
      case "call" -> Target.CALL;
      case "predict" -> Target.PREDICT;
      default -> null;
    };
    if (t == null) {
      System.err.println("--target must be call or predict, given " + name);
    } else if (t == Target.PREDICT && eager) {
      System.err.println("--eager runs Keras's model(x) op by op; it does not go with"
          + " --target predict");
      return null;
    }
    return t;
  }
}
