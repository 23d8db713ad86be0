package dev.kerasrnn.parity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.runtime.CpuInfo;
import dev.kerasrnn.runtime.Environment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values TensorFlow actually ran with for the variables of the bit-exact terms ({@link
 * Environment#PINNED}): what a variable says when set, TensorFlow's default when not (oneDNN on
 * or off for this CPU, the CPU's best ISA, one thread per CPU). Recorded ones come from a case's
 * {@code fingerprint.effective} (record_case.py), or its {@code environment} for fixtures.
 *
 * @param effective variable to value; a value is null where unknown
 * @param cpuModel the CPU's model name, or null
 * @param cpuIsa the best ISA the CPU offers, or null
 */
public record RunEnvironment(Map<String, String> effective, String cpuModel, String cpuIsa) {
  /** A variable whose effective value differs. */
  public record Difference(String variable, String recorded, String here) {}

  public RunEnvironment {
    effective = Collections.unmodifiableMap(new LinkedHashMap<>(effective));
  }

  /** This process's environment, as TensorFlow reads it. */
  public static RunEnvironment current() {
    CpuInfo cpu = CpuInfo.current();
    Map<String, String> m = new LinkedHashMap<>();
    String onednn = System.getenv("TF_ENABLE_ONEDNN_OPTS");
    m.put("TF_ENABLE_ONEDNN_OPTS", onednn == null ? (cpu.onednnByDefault() ? "1" : "0")
        : bool(onednn));
    m.put("ONEDNN_MAX_CPU_ISA", CpuInfo.effectiveIsa(System.getenv("ONEDNN_MAX_CPU_ISA"),
        cpu.bestIsa()));
    int cpus = Runtime.getRuntime().availableProcessors();
    m.put("TF_NUM_INTRAOP_THREADS", threads(System.getenv("TF_NUM_INTRAOP_THREADS"), cpus));
    m.put("TF_NUM_INTEROP_THREADS", threads(System.getenv("TF_NUM_INTEROP_THREADS"), cpus));
    return new RunEnvironment(m, cpu.model(), cpu.bestIsa());
  }

  /** The environment a case was recorded in (null values where the case does not say). */
  public static RunEnvironment recorded(JsonNode caseJson) {
    JsonNode fp = caseJson.path("fingerprint");
    JsonNode eff = fp.path("effective");
    JsonNode env = caseJson.path("environment");
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : Environment.PINNED.keySet()) {
      JsonNode v = eff.has(k) ? eff.get(k) : env.get(k);
      m.put(k, v == null || v.isNull() ? null
          : k.equals("TF_ENABLE_ONEDNN_OPTS") ? bool(v.asText()) : v.asText());
    }
    return new RunEnvironment(m, text(fp, "cpu_model"), text(fp, "cpu_isa"));
  }

  /** The variables whose value here differs from {@code recorded}'s (unknown ones skipped). */
  public List<Difference> differencesFrom(RunEnvironment recorded) {
    List<Difference> out = new ArrayList<>();
    recorded.effective().forEach((k, v) -> {
      String here = effective.get(k);
      if (v != null && !Objects.equals(v, here)) {
        out.add(new Difference(k, v, here));
      }
    });
    return out;
  }

  /**
   * The command line that starts a JVM with these values: {@code K=V ... command args}; unknown
   * values are left out.
   */
  public String launchLine(String commandAndArgs) {
    StringBuilder sb = new StringBuilder();
    effective.forEach((k, v) -> {
      if (v != null) {
        sb.append(k).append('=').append(v).append(' ');
      }
    });
    return sb.append(commandAndArgs).toString();
  }

  private static String bool(String v) {
    String t = v.trim().toLowerCase(java.util.Locale.ROOT);
    return t.equals("1") || t.equals("true") ? "1" : t.equals("0") || t.equals("false") ? "0" : v;
  }

  private static String threads(String v, int cpus) {
    try {
      int n = Integer.parseInt(v == null ? "" : v.trim());
      return String.valueOf(n > 0 ? n : cpus);
    } catch (NumberFormatException e) {
      return String.valueOf(cpus);
    }
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }
}
