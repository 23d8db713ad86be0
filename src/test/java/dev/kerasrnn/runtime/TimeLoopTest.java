package dev.kerasrnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.layers.rnn.Bidirectional;
import dev.kerasrnn.layers.rnn.GRU;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.layers.rnn.TimeLoop;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Unrolled graphs and while-loop graphs: which one {@link TimeLoop} picks, and that a while loop
 * compiled once for unknown batch and length gives the bits of eager execution at every size.
 * (Bits against Keras: KerasParityTest and ModelParityTest run every fixture both ways.)
 */
class TimeLoopTest {
  private static HostArray input(long batch, long time, long seed) {
    Random r = new Random(seed);
    double[] v = new double[(int) (batch * time * 4)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return HostArray.of(DType.FLOAT32, new long[] {batch, time, 4}, v);
  }

  private static long graphSize(RecurrentLayer layer, long time, TimeLoop loop) {
    try (CompiledLayer c = CompiledLayer.compile(layer, new long[] {2, time, 4}, DType.FLOAT32,
        List.of(), false, loop)) {
      return c.graphSize();
    }
  }

  @Test
  void aWhileLoopGraphDoesNotGrowWithTheLength() {
    LSTM lstm = LSTM.builder(5).build();
    assertEquals(graphSize(lstm, 10, TimeLoop.WHILE), graphSize(lstm, 300, TimeLoop.WHILE));
    assertTrue(graphSize(lstm, 300, TimeLoop.UNROLLED) > 10 * graphSize(lstm, 10,
        TimeLoop.UNROLLED));
  }

  @Test
  void theDefaultUnrollsUpToItsLimitThenLoops() {
    GRU gru = GRU.builder(3).build();
    int max = TimeLoop.DEFAULT.maxUnrolledSteps();
    // Unrolled sizes are compared loosely: a weight constant evicted from Variable's weak cache
    // by a GC during building is added again (same value, one more op).
    long atLimit = graphSize(gru, max, TimeLoop.DEFAULT);
    long beyond = graphSize(gru, max + 1, TimeLoop.DEFAULT);
    assertEquals(graphSize(gru, max + 1, TimeLoop.WHILE), beyond);
    assertTrue(atLimit > 10 * beyond, atLimit + " vs " + beyond);
    assertTrue(graphSize(gru, max, TimeLoop.UNROLLED) > 10 * beyond);
  }

  @Test
  void kerasUnrollTrueAlwaysUnrolls() {
    LSTM lstm = LSTM.builder(5).unroll(true).build();
    assertTrue(graphSize(lstm, 20, TimeLoop.WHILE) > graphSize(lstm, 10, TimeLoop.WHILE));
  }

  @Test
  void oneWhileGraphServesEveryBatchAndLength() {
    Bidirectional layer = Bidirectional.of(GRU.builder(3).returnSequences(true).returnState(true)
        .goBackwards(true), Bidirectional.MergeMode.CONCAT);
    layer.build(-1, -1, 4);
    try (CompiledLayer c = CompiledLayer.compile(layer, new long[] {-1, -1, 4}, DType.FLOAT32,
        List.of(), true, TimeLoop.WHILE)) {
      long size = c.graphSize();
      long[][] sizes = {{1, 1}, {3, 5}, {2, 17}};
      for (long[] s : sizes) {
        HostArray x = input(s[0], s[1], s[0] * 100 + s[1]);
        boolean[] keep = new boolean[(int) (s[0] * s[1])];
        for (int i = 0; i < keep.length; i++) {
          keep[i] = i % 3 != 1; // holes, and a fully masked row when time is 1
        }
        Mask mask = Mask.of(s[0], s[1], keep);
        assertEquals(Eager.call(layer, x, List.of(), mask), c.call(x, List.of(), mask),
            "batch " + s[0] + ", " + s[1] + " steps");
      }
      assertEquals(size, c.graphSize(), "no graph building per call");
    }
  }

  /** One graph with an unknown batch, small and large batches. */
  @Test
  void oneUnrolledGraphServesEveryBatch() {
    LSTM lstm = LSTM.builder(5).returnSequences(true).build();
    try (CompiledLayer c = CompiledLayer.compile(lstm, new long[] {-1, 6, 4}, List.of())) {
      for (long batch : new long[] {1, 4, 40}) {
        HostArray x = input(batch, 6, batch);
        assertEquals(Eager.call(lstm, x, List.of()), c.call(x, List.of()), "batch " + batch);
      }
    }
  }

  @Test
  void anUnknownLengthNeedsAWhileLoop() {
    LSTM lstm = LSTM.builder(5).name("lstm_u").build();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> CompiledLayer.compile(lstm, new long[] {2, -1, 4}, DType.FLOAT32, List.of(), false,
            TimeLoop.UNROLLED));
    assertTrue(e.getMessage().contains("lstm_u") && e.getMessage().contains("time steps"),
        e.getMessage());
  }

  @Test
  void aVariableGraphStillChecksWhatItCan() {
    LSTM lstm = LSTM.builder(5).name("lstm_v").build();
    try (CompiledLayer c = CompiledLayer.compile(lstm, new long[] {-1, -1, 4}, DType.FLOAT32,
        List.of(), false, TimeLoop.WHILE)) {
      HostArray wrong = HostArray.zeros(DType.FLOAT32, 2, 3, 5);
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> c.call(wrong, List.of()));
      assertTrue(e.getMessage().contains("lstm_v"), e.getMessage());
      HostArray empty = HostArray.zeros(DType.FLOAT32, 2, 0, 4);
      e = assertThrows(InvalidInputException.class, () -> c.call(empty, List.of()));
      assertTrue(e.getMessage().contains("at least one time step"), e.getMessage());
    }
    try (CompiledLayer c = CompiledLayer.compile(lstm, new long[] {-1, -1, 4}, DType.FLOAT32,
        List.of(new long[] {-1, 5}, new long[] {-1, 5}), false, TimeLoop.WHILE)) {
      HostArray x = HostArray.zeros(DType.FLOAT32, 2, 3, 4);
      List<HostArray> states = List.of(HostArray.zeros(DType.FLOAT32, 3, 5),
          HostArray.zeros(DType.FLOAT32, 3, 5));
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> c.call(x, states));
      assertTrue(e.getMessage().contains("initial state 0"), e.getMessage());
    }
  }

  @Test
  void aNegativeLimitIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TimeLoop(-1));
  }
}
