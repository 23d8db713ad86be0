package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
  @Test
  void digitRunsCompareAsNumbers() {
    List<String> names = new ArrayList<>(
        List.of("lstm_10", "10", "lstm", "9", "lstm_2", "dense", "0", "lstm_1", "lstm_cell_1"));
    names.sort(NaturalOrder.INSTANCE);
    assertEquals(List.of("0", "9", "10", "dense", "lstm", "lstm_1", "lstm_2", "lstm_10",
        "lstm_cell_1"), names);
  }
}
