package dev.kerasrnn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.layers.rnn.Bidirectional;
import dev.kerasrnn.layers.rnn.GRU;
import dev.kerasrnn.layers.rnn.GRUCell;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.layers.rnn.LSTMCell;
import dev.kerasrnn.layers.rnn.RNN;
import dev.kerasrnn.layers.rnn.RNNArgs;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.layers.rnn.SimpleRNN;
import dev.kerasrnn.layers.rnn.StackedRNNCells;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bidirectional, StackedRNNCells and stateful layers as compositions of plain layers, bit for bit
 * (Keras's recorded outputs are checked in compat-tests), and their bad inputs.
 */
class WrappersTest {
  private static final HostArray X = Arrays3.random(2, 3, 6, 4);

  @Test
  void bidirectionalConcatIsForwardThenFlippedBackward() {
    Bidirectional bi = Bidirectional.of(GRU.builder(5).returnSequences(true),
        Bidirectional.MergeMode.CONCAT);
    bi.build(3, 6, 4);
    assertEquals("forward_gru", bi.forwardLayer().name());
    assertEquals("backward_gru", bi.backwardLayer().name());
    HostArray both = Eager.call(bi, X, List.of()).get(0);
    HostArray fwd = Eager.call(bi.forwardLayer(), X, List.of()).get(0);
    HostArray bwd = Eager.call(bi.backwardLayer(), X, List.of()).get(0);
    assertEquals(fwd, Arrays3.lastAxis(both, 0, 5));
    assertEquals(Arrays3.reverseTime(bwd), Arrays3.lastAxis(both, 5, 10));
  }

  @Test
  void bidirectionalStatesAndModesAgreeInBothExecutionModes() {
    for (Bidirectional.MergeMode mode : Bidirectional.MergeMode.values()) {
      Bidirectional bi = Bidirectional.of(LSTM.builder(3).returnState(true), mode);
      bi.build(3, 6, 4);
      List<HostArray> states = List.of(Arrays3.random(5, 3, 3), Arrays3.random(6, 3, 3),
          Arrays3.random(7, 3, 3), Arrays3.random(8, 3, 3));
      List<HostArray> eager = Eager.call(bi, X, states);
      assertEquals(bi.outputCount(), eager.size(), mode.toString());
      try (CompiledLayer c = CompiledLayer.compile(bi, X.shape(), shapes(states))) {
        assertEquals(eager, c.call(X, states), mode.toString());
      }
      // Returned states: forward (h, c) then backward (h, c), from the split initial state.
      List<HostArray> fwd = Eager.call(bi.forwardLayer(), X, states.subList(0, 2));
      int first = mode == Bidirectional.MergeMode.NONE ? 2 : 1;
      assertEquals(fwd.subList(1, 3), eager.subList(first, first + 2), mode.toString());
    }
  }

  private static List<long[]> shapes(List<HostArray> arrays) {
    List<long[]> out = new ArrayList<>();
    arrays.forEach(a -> out.add(a.shape()));
    return out;
  }

  @Test
  void mismatchedBidirectionalLayersAreRefused() {
    RNN f = LSTM.builder(3).build();
    RNN sameDirection = LSTM.builder(3).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional("bi", f, sameDirection, Bidirectional.MergeMode.CONCAT));
    assertTrue(e.getMessage().contains("go_backwards"), e.getMessage());
    RNN otherSize = LSTM.builder(4).goBackwards(true).build();
    assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional("bi", f, otherSize, Bidirectional.MergeMode.SUM));
    RNN sequences = LSTM.builder(3).goBackwards(true).returnSequences(true).build();
    assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional("bi", f, sequences, Bidirectional.MergeMode.CONCAT));
  }

  @Test
  void stackedCellsEqualStackedLayers() {
    LSTMCell c1 = new LSTMCell(5);
    GRUCell c2 = new GRUCell(3);
    RNN stacked = new RNN(new StackedRNNCells(List.of(c1, c2)),
        RNNArgs.defaults("rnn").withReturnSequences(true).withReturnState(true));
    stacked.build(3, 6, 4);
    LSTM l1 = LSTM.builder(5).returnSequences(true).returnState(true).build();
    l1.build(3, 6, 4);
    l1.setWeights(Weights.values(c1.trainableVariables()));
    GRU l2 = GRU.builder(3).returnSequences(true).returnState(true).build();
    l2.build(3, 6, 5);
    l2.setWeights(Weights.values(c2.trainableVariables()));
    List<HostArray> out = Eager.call(stacked, X, List.of());
    List<HostArray> first = Eager.call(l1, X, List.of());
    List<HostArray> second = Eager.call(l2, first.get(0), List.of());
    assertEquals(List.of(second.get(0), first.get(1), first.get(2), second.get(1)), out);
    assertEquals(List.of("cell/cells/lstm_cell", "cell/cells/gru_cell"),
        stacked.weightGroups().stream().map(RecurrentLayer.WeightGroup::path).toList());
  }

  @Test
  void statefulCallsContinueWhereTheLastOneStopped() {
    HostArray first = Arrays3.timeSlice(X, 0, 3);
    HostArray second = Arrays3.timeSlice(X, 3, 6);
    SimpleRNN whole = SimpleRNN.builder(4).returnSequences(true).build();
    whole.build(3, 6, 4);
    HostArray expected = Arrays3.timeSlice(Eager.call(whole, X, List.of()).get(0), 3, 6);

    SimpleRNN eager = SimpleRNN.builder(4).returnSequences(true).stateful(true).build();
    eager.build(3, 3, 4);
    eager.setWeights(whole.getWeights());
    Eager.call(eager, first, List.of());
    assertEquals(expected, Eager.call(eager, second, List.of()).get(0));

    SimpleRNN compiled = SimpleRNN.builder(4).returnSequences(true).stateful(true).build();
    compiled.build(3, 3, 4);
    compiled.setWeights(whole.getWeights());
    try (CompiledLayer c = CompiledLayer.compile(compiled, first.shape(), List.of())) {
      HostArray fresh = c.call(first, List.of()).get(0);
      assertEquals(expected, c.call(second, List.of()).get(0));
      assertEquals(eager.states(), compiled.states());
      compiled.resetStates();
      assertEquals(fresh, c.call(first, List.of()).get(0));
    }
  }

  @Test
  void statefulLayersNeedTheirStaticBatchSize() {
    GRU layer = GRU.builder(2).stateful(true).name("s").build();
    assertThrows(InvalidInputException.class, () -> layer.build(-1, 3, 4));
    layer.build(3, 3, 4);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(layer, Arrays3.random(1, 2, 3, 4), List.of()));
    assertTrue(e.getMessage().contains("batch size 3"), e.getMessage());
    assertThrows(InvalidInputException.class,
        () -> layer.setStates(List.of(HostArray.zeros(layer.dtype(), 2, 2))));
    layer.setStates(List.of(Arrays3.random(3, 3, 2)));
    assertNotEquals(HostArray.zeros(layer.dtype(), 3, 2), layer.states().get(0));
    layer.resetStates();
    assertEquals(HostArray.zeros(layer.dtype(), 3, 2), layer.states().get(0));
  }
}
