package dev.kerasrnn.bench;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.layers.rnn.GRU;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.layers.rnn.SimpleRNN;
import dev.kerasrnn.layers.rnn.TimeLoop;
import dev.kerasrnn.runtime.CompiledLayer;
import java.util.List;
import java.util.Random;
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

/**
 * One call of a compiled recurrent layer (128 units, 64 features) over {@code steps} time steps,
 * its time loop unrolled or a while loop ({@link TimeLoop}); average time per call. Where the two
 * cross is where {@link TimeLoop#DEFAULT} switches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoopBench {
  @Param({"lstm"})
  public String cell;

  @Param({"50"})
  public int steps;

  @Param({"1"})
  public int batch;

  @Param({"unrolled"})
  public String loop;

  private CompiledLayer compiled;
  private HostArray x;

  @Setup(Level.Trial)
  public void setUp() {
    x = input(batch, steps);
    compiled = compile(cell, x, loop);
    compiled.call(x, List.of());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    compiled.close();
  }

  @Benchmark
  public List<HostArray> call() {
    return compiled.call(x, List.of());
  }

  static CompiledLayer compile(String cell, HostArray x, String loop) {
    TimeLoop policy = switch (loop) {
      case "unrolled" -> TimeLoop.UNROLLED;
      case "while" -> TimeLoop.WHILE;
      default -> throw new IllegalArgumentException("loop: unrolled or while, given " + loop);
    };
    return CompiledLayer.compile(layer(cell), x.shape(), x.dtype(), List.of(), false, policy);
  }

  static RecurrentLayer layer(String cell) {
    return switch (cell) {
      case "lstm" -> LSTM.builder(128).build();
      case "gru" -> GRU.builder(128).build();
      case "simplernn" -> SimpleRNN.builder(128).build();
      default -> throw new IllegalArgumentException("cell: lstm, gru or simplernn, given " + cell);
    };
  }

  static HostArray input(int batch, int steps) {
    Random r = new Random(7);
    double[] v = new double[batch * steps * 64];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return HostArray.of(DType.FLOAT32, new long[] {batch, steps, 64}, v);
  }
}
