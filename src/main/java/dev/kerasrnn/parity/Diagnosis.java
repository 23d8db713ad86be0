package dev.kerasrnn.parity;

import java.util.List;

/**
 * What {@link CaseDiagnosis} found for a recorded case: Java's outputs under both targets against
 * Keras's {@code model(x)} and {@code model.predict(x)}, the first layer whose output differs, how
 * this process's environment differs from the recorded one, and the causes it can name.
 *
 * @param environment variables whose effective value here differs from the recorded one
 * @param launchLine the command that starts Java with the recorded values, or null if they hold
 * @param call Java's {@code CALL} target (eager and compiled) against Keras's {@code model(x)}
 * @param predict Java's {@code PREDICT} target against Keras's {@code predict()}; empty if not run
 * @param predictRefused why {@code PREDICT} was not run (not rebuilt for this model), or null
 * @param kerasPredictVsCall Keras's own {@code predict()} against its {@code model(x)}, per output
 * @param layers the layer-by-layer comparison, or null when no layer outputs were recorded
 * @param causes what explains a difference (empty when everything is bit-exact)
 * @param notes observations that change no bits here (e.g. the environment differs, yet bits hold)
 */
public record Diagnosis(String caseName, Verdict verdict,
    List<RunEnvironment.Difference> environment, String launchLine, List<OutputCheck> call,
    List<OutputCheck> predict, String predictRefused, List<ArrayDiff> kerasPredictVsCall,
    LayerCheck layers, List<Cause> causes, List<String> notes) {

  /** The outcome; {@link #exitCode()} gives the command's status. */
  public enum Verdict {
    /** Java matches Keras's {@code model(x)} and {@code predict()} bit for bit (exit 0). */
    BIT_EXACT,
    /**
     * Java matches {@code model(x)}; {@code predict()} is not rebuilt for this model and Keras's
     * {@code predict()} differs from its {@code model(x)} (exit 0: nothing Java computed differs).
     */
    CALL_ONLY,
    /** Some output Java computed differs from Keras's (exit 1). */
    DIFFERS,
    /** The model could not be loaded or run (exit 3). */
    NOT_RUN
  }

  /** The kinds of cause the diagnosis can detect. */
  public enum CauseKind {
    /** A variable of the bit-exact terms has another effective value here than when recorded. */
    ENVIRONMENT,
    /** Recorded on another CPU model (cache sizes may change Eigen's blocking). */
    CPU,
    /** Recorded with another TensorFlow than the 2.18.0 whose kernels this library runs. */
    TENSORFLOW_VERSION,
    /** Recorded with a Keras other than 3.6.0 / tf-keras 2.18.0, whose ops the library follows. */
    KERAS_VERSION,
    /** Keras 3 ran on another backend than TensorFlow (JAX, PyTorch, NumPy). */
    KERAS_BACKEND,
    /** Keras ran on a GPU (other kernels). */
    GPU,
    /** Keras's {@code predict()} ran under XLA ({@code jit_compile}, {@code TF_XLA_FLAGS}). */
    XLA,
    /** Keras's {@code predict()} and {@code model(x)} give other bits; a target was swapped. */
    PREDICT_VS_CALL,
    /** The {@code PREDICT} target does not rebuild this model's {@code predict()} graph. */
    PREDICT_NOT_REBUILT,
    /** A layer outside the supported set. */
    UNSUPPORTED_LAYER,
    /** The in-memory model had a setting the saved file does not carry. */
    SETTING_NOT_SAVED
  }

  /** One detected cause. */
  public record Cause(CauseKind kind, String message) {}

  /** One output: how Java's eager and compiled runs differ from Keras (compiled null: PREDICT). */
  public record OutputCheck(String name, ArrayDiff eager, ArrayDiff compiled) {
    public boolean exact() {
      return eager.exact() && (compiled == null || compiled.exact());
    }

    /** The larger max ULP of the two runs. */
    public long maxUlp() {
      return Math.max(eager.maxUlp(), compiled == null ? 0 : compiled.maxUlp());
    }
  }

  /** The layer outputs: how many were compared, the first that differs, those Java lacks. */
  public record LayerCheck(int compared, LayerDiff firstDiffering, List<String> notCompared) {}

  /**
   * A layer whose output differs from Keras's.
   *
   * @param runs which of Java's runs differ: {@code eager}, {@code compiled} or both
   * @param diff the larger difference of those runs
   */
  public record LayerDiff(String name, String className, String runs, ArrayDiff diff) {}

  public Diagnosis {
    environment = List.copyOf(environment);
    call = List.copyOf(call);
    predict = List.copyOf(predict);
    kerasPredictVsCall = List.copyOf(kerasPredictVsCall);
    causes = List.copyOf(causes);
    notes = List.copyOf(notes);
  }

  /** Whether a cause of this kind was named. */
  public boolean names(CauseKind kind) {
    return causes.stream().anyMatch(c -> c.kind() == kind);
  }

  /** The exit status of {@code keras-rnn parity}: 0 bit-exact, 1 differs, 3 not run. */
  public int exitCode() {
    return switch (verdict) {
      case BIT_EXACT, CALL_ONLY -> 0;
      case DIFFERS -> 1;
      case NOT_RUN -> 3;
    };
  }
}
