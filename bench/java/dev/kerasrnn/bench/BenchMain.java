package dev.kerasrnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Runs RnnBench for exactly the (model, batch, route) configurations wanted (JMH's @Param would
 * take the cartesian product; lstm_long has no batch 512 and no eager route), one fork each, and writes all
 * results to one JMH JSON file.
 *
 * <p>System properties: bench.models (lstm,gru,simplernn,bidi), bench.batches (1,32,512),
 * bench.routes (compiled,eager,savedmodel,ort), bench.warmup (3), bench.iterations (5),
 * bench.time (seconds per iteration, 1), bench.out (bench/work/jmh.json).
 */
public final class BenchMain {
  public static void main(String[] args) throws Exception {
    List<String> models = List.of(System.getProperty("bench.models", "lstm,gru,simplernn,bidi").split(","));
    List<String> batches = List.of(System.getProperty("bench.batches", "1,32,512").split(","));
    List<String> routes = List.of(System.getProperty("bench.routes", String.join(",", Routes.ALL)).split(","));
    int wi = Integer.getInteger("bench.warmup", 3);
    int mi = Integer.getInteger("bench.iterations", 5);
    double secs = Double.parseDouble(System.getProperty("bench.time", "1"));
    Path out = Path.of(System.getProperty("bench.out", "bench/work/jmh.json"));
    List<RunResult> all = new ArrayList<>();
    for (String m : models) {
      for (String b : batches) {
        for (String r : routes) {
          if (!Routes.applies(r, m, Integer.parseInt(b))) {
            continue;
          }
          Options opt = new OptionsBuilder()
              .include(RnnBench.class.getName() + ".predict")
              .param("model", m).param("batch", b).param("route", r)
              .forks(1).warmupIterations(wi).measurementIterations(mi)
              .warmupTime(TimeValue.milliseconds((long) (secs * 1000)))
              .measurementTime(TimeValue.milliseconds((long) (secs * 1000)))
              .jvmArgsAppend("-Xmx4g", "-Dbench.work=" + Routes.work())
              .build();
          Collection<RunResult> res = new Runner(opt).run();
          all.addAll(res);
          for (RunResult rr : res) {
            var s = rr.getPrimaryResult();
            System.out.printf(Locale.ROOT, "[jmh] %s b%s %s: %.1f ± %.1f %s%n", m, b, r,
                s.getScore(), s.getScoreError(), s.getScoreUnit());
          }
          Files.createDirectories(out.toAbsolutePath().getParent());
          try (var ps = new java.io.PrintStream(Files.newOutputStream(out))) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(all);
          }
        }
      }
    }
  }

  private BenchMain() {}
}
