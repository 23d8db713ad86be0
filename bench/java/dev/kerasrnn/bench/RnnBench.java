package dev.kerasrnn.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One prediction of (model, batch) by one route; average time per call. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RnnBench {
  @Param({"lstm"})
  public String model;

  @Param({"1"})
  public int batch;

  @Param({"compiled"})
  public String route;

  private Routes.Route r;

  @Setup(Level.Trial)
  public void setUp() {
    r = Routes.open(route, model, batch);
    r.call();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    r.close();
  }

  @Benchmark
  public float[] predict() {
    return r.call();
  }
}
