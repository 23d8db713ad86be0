package dev.kerasrnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.WeightsException;
import dev.kerasrnn.layers.rnn.GRUCell;
import dev.kerasrnn.layers.rnn.LSTMCell;
import dev.kerasrnn.layers.rnn.RNNCell;
import dev.kerasrnn.layers.rnn.SimpleRNNCell;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Eager#call(RNNCell, HostArray, List)}, Keras's {@code cell(x, states)}: bad arguments
 * give an {@link InvalidInputException} naming the cell, what was expected and what was given,
 * from the Java-side checks that run before the cell is built or any op runs. (The bits are
 * checked against Keras by CellCallParityTest.)
 */
class CellCallTest {
  private static SimpleRNNCell simple() {
    SimpleRNNCell cell = SimpleRNNCell.builder(3).name("my_cell").build();
    cell.build(4);
    return cell;
  }

  private static LSTMCell lstm() {
    LSTMCell cell = LSTMCell.builder(3).name("my_lstm_cell").build();
    cell.build(4);
    return cell;
  }

  private static HostArray ramp(DType d, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.sin(i + 1) / 2;
    }
    return HostArray.of(d, shape, v);
  }

  private static HostArray f32(long... shape) {
    return ramp(DType.FLOAT32, shape);
  }

  private static void assertMessage(RuntimeException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }
  }

  @Test
  void wrongInputRank() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(simple(), f32(2, 1, 4), List.of(f32(2, 3))));
    assertMessage(e, "my_cell", "rank 2 (batch, features)", "rank 3 (2, 1, 4)");
    e = assertThrows(InvalidInputException.class,
        () -> Eager.call(simple(), f32(4), List.of(f32(2, 3))));
    assertMessage(e, "my_cell", "rank 2", "rank 1 (4,)");
  }

  @Test
  void wrongFeatureSize() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(simple(), f32(2, 5), List.of(f32(2, 3))));
    assertMessage(e, "my_cell", "4 features", "(2, 5)");
  }

  @Test
  void noStates() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(simple(), f32(2, 4), List.of()));
    assertMessage(e, "my_cell", "1 state tensor(s) of sizes [3]", "given 0");
  }

  @Test
  void lstmNeedsBothStates() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(lstm(), f32(2, 4), List.of(f32(2, 3))));
    assertMessage(e, "my_lstm_cell", "2 state tensor(s) of sizes [3, 3]", "given 1");
  }

  @Test
  void wrongStateShape() {
    InvalidInputException batch = assertThrows(InvalidInputException.class,
        () -> Eager.call(simple(), f32(2, 4), List.of(f32(3, 3))));
    assertMessage(batch, "my_cell", "state 0 of shape (2, 3)", "given (3, 3)");
    InvalidInputException size = assertThrows(InvalidInputException.class,
        () -> Eager.call(lstm(), f32(2, 4), List.of(f32(2, 3), f32(2, 4))));
    assertMessage(size, "my_lstm_cell", "state 1 of shape (2, 3)", "given (2, 4)");
    InvalidInputException rank = assertThrows(InvalidInputException.class,
        () -> Eager.call(simple(), f32(2, 4), List.of(f32(6))));
    assertMessage(rank, "my_cell", "state 0 of shape (2, 3)", "given (6,)");
  }

  @Test
  void wrongStateDtype() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(simple(), f32(2, 4), List.of(ramp(DType.FLOAT64, 2, 3))));
    assertMessage(e, "my_cell", "state 0 of dtype float32", "float64");
  }

  /** A refused call leaves a cell that is not built yet unbuilt (no weights were created). */
  @Test
  void refusedCallDoesNotBuild() {
    GRUCell cell = GRUCell.builder(3).name("my_gru_cell").build();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(cell, f32(2, 0), List.of(f32(2, 3))));
    assertMessage(e, "my_gru_cell", "a positive number of features", "(2, 0)");
    assertThrows(InvalidInputException.class,
        () -> Eager.call(cell, f32(2, 4), List.of(f32(2, 4))));
    assertFalse(cell.isBuilt());
  }

  /** As Keras, the first call builds a cell for the input's features. */
  @Test
  void firstCallBuilds() {
    GRUCell cell = new GRUCell(3);
    CellStep step = Eager.call(cell, f32(2, 4), List.of(f32(2, 3)));
    assertTrue(cell.isBuilt());
    assertEquals(4, cell.inputFeatures());
    assertEquals(1, step.states().size());
    assertEquals(step.output(), step.states().get(0));
    assertThrows(InvalidInputException.class,
        () -> Eager.call(cell, f32(2, 5), List.of(f32(2, 3))));
  }

  /** Keras's Layer.__call__ casts a float input of another dtype; so does the cell call. */
  @Test
  void otherFloatInputIsCastToTheCellDtype() {
    LSTMCell cell = lstm();
    List<HostArray> states = List.of(f32(2, 3), f32(2, 3));
    HostArray x64 = ramp(DType.FLOAT64, 2, 4);
    assertEquals(Eager.call(cell, x64.castTo(DType.FLOAT32), states),
        Eager.call(cell, x64, states));
  }

  @Test
  void setWeightsChecksTheCell() {
    SimpleRNNCell unbuilt = new SimpleRNNCell(3);
    assertThrows(IllegalStateException.class, () -> unbuilt.setWeights(List.of()));
    SimpleRNNCell cell = simple();
    WeightsException e = assertThrows(WeightsException.class,
        () -> cell.setWeights(List.of(f32(4, 3), f32(3, 3), f32(4))));
    assertMessage(e, "my_cell", "bias", "(3,)", "(4,)");
    List<HostArray> weights = List.of(f32(4, 3), f32(3, 3), f32(3));
    cell.setWeights(weights);
    assertEquals(weights, cell.getWeights());
  }
}
