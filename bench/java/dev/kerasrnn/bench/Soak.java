package dev.kerasrnn.bench;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.layers.rnn.GRU;
import dev.kerasrnn.layers.rnn.TimeLoop;
import dev.kerasrnn.runtime.CompiledLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Memory soak: a compiled GRU(16) over 10 steps of 8 features, SMALL predictions at batch 1 and
 * LARGE at batch 512, then WHILE predictions at batch 1 through one while-loop graph compiled for
 * any length (sequences of 10, 50, 100 and 200 steps in turn, all outputs kept), sampling resident
 * memory (VmRSS from /proc/self/status) and used JVM heap
 * every so many calls. After warm-up (the first 10% of each phase) it reports first, last and max
 * RSS; "flat" means last - first after warm-up is under 2% of RSS (and under 32 MB).
 *
 * <p>Usage: Soak SMALL LARGE WHILE [report.md] (defaults 1000000, 10000 and 100000).
 */
public final class Soak {
  public static void main(String[] args) throws IOException {
    long small = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    long large = args.length > 1 ? Long.parseLong(args[1]) : 10_000L;
    long whileCalls = args.length > 2 ? Long.parseLong(args[2]) : 100_000L;
    Path report = args.length > 3 ? Path.of(args[3]) : null;
    StringBuilder md = new StringBuilder();
    md.append("| phase | calls | wall s | calls/s | RSS after warm-up: first / last / max (MB) | RSS growth after warm-up (MB) | heap used last (MB) | flat |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    boolean flat = true;
    flat &= phase("small: batch 1", 1, small, Math.max(1, small / 100), md, false);
    flat &= phase("large: batch 512", 512, large, Math.max(1, large / 100), md, false);
    flat &= phase("while loop: batch 1, 10–200 steps", 1, whileCalls,
        Math.max(1, whileCalls / 100), md, true);
    md.append("\nRSS of the whole JVM (TensorFlow's native allocations included), read from "
        + "`/proc/self/status` VmRSS; heap = `Runtime.totalMemory() - freeMemory()`. "
        + "Verdict: resident memory " + (flat ? "**flat**" : "**NOT flat**") + " after warm-up.\n");
    System.out.println(md);
    if (report != null) {
      Files.writeString(report, md.toString());
    }
  }

  private static boolean phase(String name, int batch, long calls, long every, StringBuilder md,
      boolean whileLoop) {
    GRU gru = GRU.builder(16).name("gru").returnSequences(whileLoop).build();
    int[] lengths = whileLoop ? new int[] {10, 50, 100, 200} : new int[] {10};
    Random rnd = new Random(1);
    List<HostArray> xs = new ArrayList<>();
    for (int steps : lengths) {
      float[] v = new float[batch * steps * 8];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) rnd.nextGaussian();
      }
      xs.add(HostArray.ofFloats(new long[] {batch, steps, 8}, v));
    }
    long[] shape = {batch, whileLoop ? -1 : 10, 8};
    List<long[]> samples = new ArrayList<>();  // {call, rssKb, heapBytes}
    long warm = calls / 10;
    long t0 = System.nanoTime();
    double sink = 0;
    try (CompiledLayer c = CompiledLayer.compile(gru, shape, DType.FLOAT32, List.of(), false,
        whileLoop ? TimeLoop.WHILE : TimeLoop.DEFAULT)) {
      for (long i = 1; i <= calls; i++) {
        sink += c.call(xs.get((int) (i % xs.size())), List.of()).get(0).getDouble(0);
        if (i % every == 0 || i == calls) {
          Runtime rt = Runtime.getRuntime();
          samples.add(new long[] {i, rssKb(), rt.totalMemory() - rt.freeMemory()});
          if (i % (every * 10) == 0) {
            System.out.printf(Locale.ROOT, "[soak] %s: %d calls, RSS %.1f MB, heap %.1f MB%n",
                name, i, rssKb() / 1024.0, (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
          }
        }
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    long first = -1;
    long last = 0;
    long max = 0;
    long heapLast = 0;
    for (long[] s : samples) {
      if (s[0] < warm) {
        continue;
      }
      if (first < 0) {
        first = s[1];
      }
      last = s[1];
      max = Math.max(max, s[1]);
      heapLast = s[2];
    }
    double growthMb = (last - first) / 1024.0;
    boolean flat = growthMb < 32 && (last - first) < 0.02 * first;
    md.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %.1f / %.1f / %.1f | %+.1f | %.1f | %s |%n",
        name, calls, secs, calls / secs, first / 1024.0, last / 1024.0, max / 1024.0, growthMb,
        heapLast / 1048576.0, flat ? "yes" : "NO"));
    if (sink == 42.4242) {
      System.out.println(sink);
    }
    return flat;
  }

  static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return -1;
  }

  private Soak() {}
}
