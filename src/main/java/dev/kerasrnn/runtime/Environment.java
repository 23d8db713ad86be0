package dev.kerasrnn.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The process environment that decides TensorFlow's bits, and the session configuration this
 * library uses. TensorFlow reads the variables once, at process start; Java cannot set them, so
 * the build and the scripts do (see README, "Terms of the bit-exact promise").
 */
public final class Environment {
  /** Variables and the values under which results are bit-exact with the recorded fixtures. */
  public static final Map<String, String> PINNED = pinned();

  private static final AtomicBoolean PREPARING = new AtomicBoolean();

  private Environment() {}

  private static Map<String, String> pinned() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("TF_ENABLE_ONEDNN_OPTS", "0");
    m.put("ONEDNN_MAX_CPU_ISA", "AVX2");
    m.put("TF_NUM_INTRAOP_THREADS", "1");
    m.put("TF_NUM_INTEROP_THREADS", "1");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The pinned variables whose value in this process differs from {@link #PINNED}, with it. */
  public static Map<String, String> deviations() {
    Map<String, String> out = new LinkedHashMap<>();
    PINNED.forEach((k, v) -> {
      String actual = System.getenv(k);
      if (!v.equals(actual)) {
        out.put(k, actual == null ? "(unset)" : actual);
      }
    });
    return out;
  }

  /**
   * Whether TensorFlow runs oneDNN's custom ops in this process, as TensorFlow 2.18 decides it at
   * start ({@code IsMKLEnabled}): {@code TF_ENABLE_ONEDNN_OPTS} when it is a boolean, else on for
   * x86 CPUs with AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX.
   */
  public static boolean onednnEnabled() {
    return Onednn.ENABLED;
  }

  private static final class Onednn {
    static final boolean ENABLED = decide(System.getenv("TF_ENABLE_ONEDNN_OPTS"),
        CpuInfo.current().onednnByDefault());
  }

  static boolean decide(String variable, boolean byDefault) {
    String v = variable == null ? "" : variable.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (v) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> byDefault;  // unset, or a value TensorFlow cannot read (it keeps its default)
    };
  }

  /**
   * Session options: Grappler (TensorFlow's graph optimizer) off, so a compiled graph runs exactly
   * the op sequence it was built with, the one eager execution runs and Keras's eager call runs.
   * Grappler would reassociate additions and turn divisions by constants into multiplications,
   * which is why Keras's own {@code predict} sometimes differs from its eager call (README).
   * Built once (an immutable message).
   */
  public static ConfigProto sessionConfig() {
    return SessionConfig.PROTO;
  }

  /**
   * Starts building {@link #sessionConfig()} on a background thread, once per process: the first
   * use of TF's config protos initializes their descriptors (about 0.2 s in a fresh JVM), which
   * {@code Model.load} overlaps with its own work instead of the first call paying it. Pure
   * Java, no TensorFlow call; a caller that needs the config first simply waits for it.
   */
  public static void prepareInBackground() {
    if (PREPARING.compareAndSet(false, true)) {
      Thread t = new Thread(() -> {
        try {
          sessionConfig();
        } catch (RuntimeException | LinkageError e) {
          // The caller's own first use of sessionConfig() reports it.
        }
      }, "keras-rnn-prepare");
      t.setDaemon(true);
      t.start();
    }
  }

  private static final class SessionConfig {
    static final ConfigProto PROTO = ConfigProto.newBuilder()
        .setGraphOptions(GraphOptions.newBuilder()
            .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
        .build();
  }
}
