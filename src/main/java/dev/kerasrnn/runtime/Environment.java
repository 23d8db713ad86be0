package dev.kerasrnn.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
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
   * Session options: Grappler (TensorFlow's graph optimizer) off, so a compiled graph runs exactly
   * the op sequence it was built with, the one eager execution runs and Keras's eager call runs.
   * Grappler would reassociate additions and turn divisions by constants into multiplications,
   * which is why Keras's own {@code predict} sometimes differs from its eager call (README).
   * (Small calls run in the calling thread: {@link CompiledFunction}.)
   */
  public static ConfigProto sessionConfig() {
    return ConfigProto.newBuilder()
        .setGraphOptions(GraphOptions.newBuilder()
            .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
        .build();
  }
}
