package dev.kerasrnn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.layers.rnn.GRU;
import dev.kerasrnn.layers.rnn.GRUCell;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.layers.rnn.LSTMCell;
import dev.kerasrnn.layers.rnn.RNNCell;
import dev.kerasrnn.layers.rnn.SimpleRNNCell;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Weights are created with Keras's names, shapes and order. */
class CellBuildTest {

  private static void assertWeights(RNNCell cell, String[] names, long[][] shapes) {
    List<Variable> vars = cell.trainableVariables();
    assertEquals(names.length, vars.size());
    for (int i = 0; i < names.length; i++) {
      assertEquals(names[i], vars.get(i).name());
      assertArrayEquals(shapes[i], vars.get(i).shape(), names[i]);
    }
  }

  @Test
  void simpleRnnCellOfThreeUnitsOnFourFeatures() {
    SimpleRNNCell cell = new SimpleRNNCell(3);
    cell.build(4);
    assertWeights(cell, new String[] {"kernel", "recurrent_kernel", "bias"},
        new long[][] {{4, 3}, {3, 3}, {3}});
    assertEquals(List.of(3), cell.stateSize());
    assertEquals("simple_rnn_cell/kernel", cell.trainableVariables().get(0).path());
  }

  @Test
  void lstmCellHasFourGates() {
    LSTMCell cell = new LSTMCell(5);
    cell.build(7);
    assertWeights(cell, new String[] {"kernel", "recurrent_kernel", "bias"},
        new long[][] {{7, 20}, {5, 20}, {20}});
    assertEquals(List.of(5, 5), cell.stateSize());
  }

  @Test
  void gruCellBiasHasTwoRowsWithResetAfter() {
    GRUCell after = new GRUCell(6);
    after.build(5);
    assertWeights(after, new String[] {"kernel", "recurrent_kernel", "bias"},
        new long[][] {{5, 18}, {6, 18}, {2, 18}});
    GRUCell before = GRUCell.builder(6).resetAfter(false).build();
    before.build(5);
    assertWeights(before, new String[] {"kernel", "recurrent_kernel", "bias"},
        new long[][] {{5, 18}, {6, 18}, {18}});
  }

  @Test
  void noBiasMeansTwoWeights() {
    LSTMCell cell = LSTMCell.builder(4).useBias(false).dtype(DType.FLOAT64).build();
    cell.build(3);
    assertWeights(cell, new String[] {"kernel", "recurrent_kernel"}, new long[][] {{3, 16}, {4, 16}});
    assertEquals(DType.FLOAT64, cell.trainableVariables().get(0).dtype());
  }

  @Test
  void rebuildingForOtherFeaturesIsRefused() {
    GRUCell cell = new GRUCell(2);
    cell.build(3);
    cell.build(3);
    assertThrows(IllegalStateException.class, () -> cell.build(4));
  }

  @Test
  void aStepBeforeBuildIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new SimpleRNNCell(2).call(null, null, List.of()));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("simple_rnn_cell"));
  }

  @Test
  void invalidArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LSTMCell(0));
    assertThrows(IllegalArgumentException.class, () -> LSTMCell.builder(2).implementation(3));
    assertThrows(IllegalArgumentException.class, () -> GRU.builder(2).dropout(1.5));
  }

  @Test
  void layersReportOutputShapes() {
    LSTM lstm = LSTM.builder(6).returnSequences(true).returnState(true).build();
    List<long[]> shapes = lstm.outputShapes(new long[] {3, 7, 5});
    assertArrayEquals(new long[] {3, 7, 6}, shapes.get(0));
    assertArrayEquals(new long[] {3, 6}, shapes.get(1));
    assertArrayEquals(new long[] {3, 6}, shapes.get(2));
    assertEquals(3, lstm.outputCount());
    assertEquals(1, new GRU(4).outputCount());
  }
}
