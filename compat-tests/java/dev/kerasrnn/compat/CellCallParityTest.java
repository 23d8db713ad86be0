package dev.kerasrnn.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.rnn.GRUCell;
import dev.kerasrnn.layers.rnn.LSTMCell;
import dev.kerasrnn.layers.rnn.RNNCell;
import dev.kerasrnn.layers.rnn.SimpleRNNCell;
import dev.kerasrnn.parity.RecordedCase;
import dev.kerasrnn.runtime.CellStep;
import dev.kerasrnn.runtime.Eager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code kind: cell_call} case: Keras's one direct step {@code out, new_states = cell(x,
 * states)} on a cell built on (None, features), reproduced in Java by {@link Eager#call(RNNCell,
 * HostArray, List)} on a cell made with the Java builder (as the Keras line makes it) and on one
 * read from the recorded config, eagerly and compiled, bit for bit.
 */
class CellCallParityTest {
  @BeforeAll
  static void environmentIsTheRecordedOne() {
    Fixtures.requireRecordedEnvironment();
  }

  static List<Path> cases() {
    return Fixtures.cases().stream()
        .filter(dir -> RecordedCase.kindOf(dir).equals("cell_call")).toList();
  }

  /** Each cell class in both eras, GRU with reset_after both ways. */
  @Test
  @Tag("committed")
  void everyCellTypeIsRecordedInBothEras() {
    Set<String> seen = new TreeSet<>();
    for (Path dir : cases()) {
      JsonNode json = RecordedCase.load(dir).json();
      JsonNode cfg = json.path("cell").path("config");
      String cell = json.path("cell").path("class_name").asText()
          + (cfg.has("reset_after") ? " reset_after=" + cfg.path("reset_after").asBoolean() : "");
      seen.add(json.path("framework").asText() + " " + cell);
    }
    Set<String> expected = new TreeSet<>();
    for (String framework : List.of("keras", "tf_keras")) {
      for (String cell : List.of("SimpleRNNCell", "LSTMCell", "GRUCell reset_after=true",
          "GRUCell reset_after=false")) {
        expected.add(framework + " " + cell);
      }
    }
    assertTrue(seen.containsAll(expected), "missing: " + expected + " in " + seen);
  }

  /** The cell the case's Keras line made, with the Java builder (not the config reader). */
  private static RNNCell fromBuilder(RecordedCase c) {
    JsonNode cfg = c.json().path("cell").path("config");
    int units = cfg.path("units").asInt();
    boolean bias = cfg.path("use_bias").asBoolean();
    KerasEra era = c.era();
    String cls = c.json().path("cell").path("class_name").asText();
    return switch (cls) {
      case "SimpleRNNCell" -> SimpleRNNCell.builder(units).era(era).useBias(bias).build();
      case "LSTMCell" -> LSTMCell.builder(units).era(era).useBias(bias).build();
      case "GRUCell" -> GRUCell.builder(units).era(era).useBias(bias)
          .resetAfter(cfg.path("reset_after").asBoolean()).build();
      default -> throw new AssertionError("unexpected cell class " + cls);
    };
  }

  private static List<HostArray> flat(CellStep step) {
    List<HostArray> out = new ArrayList<>();
    out.add(step.output());
    out.addAll(step.states());
    return out;
  }

  @TestFactory
  Stream<DynamicTest> builderCellMatchesKerasCellCall() {
    return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> {
          RecordedCase c = RecordedCase.load(dir);
          RNNCell cell = fromBuilder(c);
          cell.build(c.json().path("build_input_shape").path(1).asLong());
          cell.setWeights(c.cellWeights());
          CellStep step = Eager.call(cell, c.inputs(), c.cellStates());
          KerasParityTest.assertBitExact(c, "eager, builder", c.kerasCall(), flat(step));
          // Keras returns new_states as it got the states (a list for a list) and out is
          // new_states[0]; the Java step always has the list.
          JsonNode call = c.json().path("call");
          assertEquals(call.path("states_argument").asText(),
              call.path("returned_new_states").asText(), c.name());
          assertTrue(call.path("output_is_new_states_0").asBoolean(), c.name());
          assertEquals(cell.stateSize().size(), step.states().size(), c.name());
          assertEquals(step.output(), step.states().get(0), c.name());
        }));
  }

  @TestFactory
  Stream<DynamicTest> configCellMatchesKerasCellCallEagerly() {
    return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> {
          RecordedCase c = RecordedCase.load(dir);
          KerasParityTest.assertBitExact(c, "eager, config", c.kerasCall(), c.runEager());
        }));
  }

  @TestFactory
  Stream<DynamicTest> configCellMatchesKerasCellCallCompiled() {
    return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> {
          RecordedCase c = RecordedCase.load(dir);
          KerasParityTest.assertBitExact(c, "compiled", c.kerasCall(), c.runCompiled());
        }));
  }
}
