package dev.kerasrnn.bench;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.runtime.CompiledLayer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Unrolled or while loop: for each (cell, batch, steps) the build time of both graphs (compile +
 * first call, median of 3, this JVM) and LoopBench's time per call (JMH, one fork each).
 *
 * <p>System properties: loop.cells (lstm,simplernn), loop.batches (1,32), loop.steps
 * (10,25,50,100,200,500,1000), bench.warmup (2), bench.iterations (3), bench.time (1 s),
 * bench.work (bench/work). Writes bench.work/jmh_loop.json and bench.work/loop_compile.jsonl.
 */
public final class LoopMain {
  public static void main(String[] args) throws Exception {
    List<String> cells = List.of(System.getProperty("loop.cells", "lstm,simplernn").split(","));
    List<String> batches = List.of(System.getProperty("loop.batches", "1,32").split(","));
    List<String> steps =
        List.of(System.getProperty("loop.steps", "10,25,50,100,200,500,1000").split(","));
    int wi = Integer.getInteger("bench.warmup", 2);
    int mi = Integer.getInteger("bench.iterations", 3);
    double secs = Double.parseDouble(System.getProperty("bench.time", "1"));
    Path work = Routes.work();
    Files.createDirectories(work);
    Path compileLog = work.resolve("loop_compile.jsonl");
    try (PrintStream ps = new PrintStream(Files.newOutputStream(compileLog))) {
      for (String c : cells) {
        for (String s : steps) {
          for (String loop : List.of("unrolled", "while")) {
            HostArray x = LoopBench.input(1, Integer.parseInt(s));
            double[] ms = new double[3];
            long ops = 0;
            for (int i = 0; i < ms.length; i++) {
              long t0 = System.nanoTime();
              try (CompiledLayer cl = LoopBench.compile(c, x, loop)) {
                cl.call(x, List.of());
                ms[i] = (System.nanoTime() - t0) / 1e6;
                ops = cl.graphSize();
              }
            }
            Arrays.sort(ms);
            String line = String.format(Locale.ROOT, "{\"cell\":\"%s\",\"steps\":%s,"
                + "\"loop\":\"%s\",\"compile_ms\":%.1f,\"graph_ops\":%d}", c, s, loop, ms[1], ops);
            ps.println(line);
            System.out.println("[loop] " + line);
          }
        }
      }
    }
    List<RunResult> all = new ArrayList<>();
    for (String c : cells) {
      for (String b : batches) {
        for (String s : steps) {
          for (String loop : List.of("unrolled", "while")) {
            Options opt = new OptionsBuilder()
                .include(LoopBench.class.getName() + ".call")
                .param("cell", c).param("batch", b).param("steps", s).param("loop", loop)
                .forks(1).warmupIterations(wi).measurementIterations(mi)
                .warmupTime(TimeValue.milliseconds((long) (secs * 1000)))
                .measurementTime(TimeValue.milliseconds((long) (secs * 1000)))
                .jvmArgsAppend("-Xmx4g", "-Dbench.work=" + work)
                .build();
            Collection<RunResult> res = new Runner(opt).run();
            all.addAll(res);
            for (RunResult rr : res) {
              var r = rr.getPrimaryResult();
              System.out.printf(Locale.ROOT, "[jmh] %s b%s T=%s %s: %.1f ± %.1f %s%n", c, b, s,
                  loop, r.getScore(), r.getScoreError(), r.getScoreUnit());
            }
            try (PrintStream ps = new PrintStream(Files.newOutputStream(
                work.resolve("jmh_loop.json")))) {
              ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(all);
            }
          }
        }
      }
    }
  }

  private LoopMain() {}
}
