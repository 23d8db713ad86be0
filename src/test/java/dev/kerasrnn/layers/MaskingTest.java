package dev.kerasrnn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mask semantics as invariants (Keras's recorded outputs are checked in compat-tests): an
 * all-true mask changes nothing; masked steps keep the state and repeat the previous output, or
 * output zeros with zero_output_for_mask; eager and compiled agree bit for bit.
 */
class MaskingTest {
  private static final HostArray X = Arrays3.random(1, 2, 5, 3);

  private static LSTM lstm(boolean zeroOutput) {
    LSTM layer = LSTM.builder(4).returnSequences(true).returnState(true)
        .zeroOutputForMask(zeroOutput).build();
    layer.build(2, 5, 3);
    return layer;
  }

  private static Mask rows(boolean[]... rows) {
    return Mask.of(rows);
  }

  @Test
  void allTrueMaskChangesNothing() {
    LSTM layer = lstm(false);
    Mask all = rows(new boolean[] {true, true, true, true, true},
        new boolean[] {true, true, true, true, true});
    assertEquals(Eager.call(layer, X, List.of()), Eager.call(layer, X, List.of(), all));
  }

  @Test
  void rightPaddingKeepsTheStateOfTheLastValidStep() {
    LSTM layer = lstm(false);
    Mask m = rows(new boolean[] {true, true, true, false, false},
        new boolean[] {true, true, true, true, true});
    List<HostArray> masked = Eager.call(layer, X, List.of(), m);
    List<HostArray> prefix = Eager.call(layer, Arrays3.timeSlice(X, 0, 3), List.of());
    // Row 0's final h and c are those after its 3 valid steps.
    assertEquals(Arrays3.row(prefix.get(1), 0), Arrays3.row(masked.get(1), 0));
    assertEquals(Arrays3.row(prefix.get(2), 0), Arrays3.row(masked.get(2), 0));
    // Its masked outputs repeat the last valid one.
    HostArray seq = Arrays3.row(masked.get(0), 0);
    assertEquals(Arrays3.step(seq, 2), Arrays3.step(seq, 3));
    assertEquals(Arrays3.step(seq, 2), Arrays3.step(seq, 4));
  }

  @Test
  void zeroOutputForMaskOutputsZerosAtMaskedSteps() {
    LSTM layer = lstm(true);
    Mask m = rows(new boolean[] {false, true, true, false, true},
        new boolean[] {true, true, true, true, true});
    HostArray seq = Arrays3.row(Eager.call(layer, X, List.of(), m).get(0), 0);
    HostArray zeros = HostArray.zeros(seq.dtype(), 1, 4);
    assertEquals(zeros, Arrays3.step(seq, 0));
    assertEquals(zeros, Arrays3.step(seq, 3));
    assertNotEquals(zeros, Arrays3.step(seq, 4));
  }

  @Test
  void leftPaddingAndFullyMaskedRowsAgreeInBothModes() {
    for (boolean zero : new boolean[] {false, true}) {
      LSTM layer = lstm(zero);
      Mask m = rows(new boolean[] {false, false, true, true, true},
          new boolean[] {false, false, false, false, false});
      List<HostArray> eager = Eager.call(layer, X, List.of(), m);
      try (CompiledLayer c = CompiledLayer.compile(layer, X.shape(), List.of(), true)) {
        assertEquals(eager, c.call(X, List.of(), m));
      }
      // A fully masked row outputs zeros and keeps its zero initial states.
      for (HostArray out : eager) {
        HostArray row = Arrays3.row(out, 1);
        assertEquals(HostArray.zeros(row.dtype(), row.shape()), row);
      }
    }
  }

  @Test
  void goBackwardsReversesTheMaskToo() {
    LSTM back = LSTM.builder(4).goBackwards(true).build();
    back.build(2, 5, 3);
    Mask leftPadded = rows(new boolean[] {false, false, true, true, true},
        new boolean[] {false, false, true, true, true});
    HostArray tail = Arrays3.timeSlice(X, 2, 5);
    assertEquals(Eager.call(back, tail, List.of()), Eager.call(back, X, List.of(), leftPadded));
  }

  @Test
  void maskOfTheWrongShapeIsRefused() {
    LSTM layer = lstm(false);
    Mask m = Mask.of(2, 4, new boolean[8]);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Eager.call(layer, X, List.of(), m));
    assertTrue(e.getMessage().contains("(2, 5)") && e.getMessage().contains("(2, 4)"),
        e.getMessage());
    assertThrows(InvalidInputException.class,
        () -> CompiledLayer.compile(layer, X.shape(), List.of(), true).call(X, List.of(), m));
  }
}
