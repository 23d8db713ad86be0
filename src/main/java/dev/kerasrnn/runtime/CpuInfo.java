package dev.kerasrnn.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CPU as {@code /proc/cpuinfo} describes it: model name and flags, the best instruction set
 * oneDNN dispatches to (an {@code ONEDNN_MAX_CPU_ISA} name) and whether TensorFlow turns oneDNN's
 * custom ops on by default. Mirrors {@code python-fixtures/record_case.py}'s fingerprint.
 */
public record CpuInfo(String model, Set<String> flags) {
  /** oneDNN ISA names, lowest first, with the flags each needs. */
  private static final List<Isa> ISAS = List.of(
      new Isa("SSE41", Set.of("sse4_1")),
      new Isa("AVX", Set.of("avx")),
      new Isa("AVX2", Set.of("avx2")),
      new Isa("AVX2_VNNI", Set.of("avx2", "avx_vnni")),
      new Isa("AVX512_CORE", Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq")),
      new Isa("AVX512_CORE_VNNI", Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq",
          "avx512_vnni")),
      new Isa("AVX512_CORE_BF16", Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq",
          "avx512_vnni", "avx512_bf16")),
      new Isa("AVX512_CORE_AMX", Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq",
          "avx512_vnni", "avx512_bf16", "amx_tile", "amx_int8", "amx_bf16")));

  private record Isa(String name, Set<String> needs) {}

  public CpuInfo {
    flags = Set.copyOf(flags);
  }

  /** This machine's CPU (the first one listed); an unknown model and no flags off Linux. */
  public static CpuInfo current() {
    String model = null;
    Set<String> flags = Set.of();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String key = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (key.equals("model name") && model == null) {
          model = value;
        } else if (key.equals("flags") && flags.isEmpty()) {
          flags = Set.of(value.split("\\s+"));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: nothing known
    }
    return new CpuInfo(model == null ? System.getProperty("os.arch") : model, flags);
  }

  /** The best ISA the CPU offers, or null if none of the known ones. */
  public String bestIsa() {
    String best = null;
    for (Isa isa : ISAS) {
      if (flags.containsAll(isa.needs())) {
        best = isa.name();
      }
    }
    return best;
  }

  /**
   * Whether TensorFlow 2.18 turns oneDNN's custom ops on when {@code TF_ENABLE_ONEDNN_OPTS} is
   * unset: on x86 CPUs with AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX ({@code IsMklEnabled}).
   */
  public boolean onednnByDefault() {
    return flags.contains("avx512_vnni") || flags.contains("avx512_bf16")
        || flags.contains("avx_vnni") || flags.contains("amx_tile") || flags.contains("amx_int8")
        || flags.contains("amx_bf16");
  }

  /** The ISA oneDNN runs: {@code offered}, capped by {@code ONEDNN_MAX_CPU_ISA} when lower. */
  public static String effectiveIsa(String cap, String offered) {
    if (cap == null || cap.isBlank() || cap.equalsIgnoreCase("ALL") || offered == null) {
      return offered;
    }
    String c = cap.trim().toUpperCase(Locale.ROOT);
    int capRank = rank(c);
    int offeredRank = rank(offered);
    if (capRank < 0 || offeredRank < 0) {
      return c;
    }
    return capRank < offeredRank ? c : offered;
  }

  /** Position of an ISA name, lowest first; -1 if unknown. */
  public static int rank(String isa) {
    for (int i = 0; i < ISAS.size(); i++) {
      if (ISAS.get(i).name().equals(isa)) {
        return i;
      }
    }
    return -1;
  }
}
