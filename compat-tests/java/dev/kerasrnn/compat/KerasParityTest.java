package dev.kerasrnn.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.layers.rnn.TimeLoop;
import dev.kerasrnn.parity.RecordedCase;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every generated Keras case, run in Java in both execution modes and compared with Keras's own
 * outputs bit for bit. Eager and compiled Java both reproduce Keras's eager {@code model(x)}.
 */
class KerasParityTest {
  @BeforeAll
  static void environmentIsTheRecordedOne() {
    Fixtures.requireRecordedEnvironment();
  }

  @Test
  void fixtureSetIsLargeEnough() {
    int minimum = Fixtures.minimumCases(300);
    assertTrue(Fixtures.cases().size() >= minimum,
        "expected at least " + minimum + " generated cases, found " + Fixtures.cases().size());
  }

  /** Kinds this test runs; initializer cases have their own test. */
  private static final Set<String> MODEL_KINDS = Set.of("layer", "bidirectional", "stacked");

  /** One dynamic test per recorded case of the given kinds. */
  private static Stream<DynamicNode> perCase(Set<String> kinds, Consumer<RecordedCase> check) {
    return Fixtures.cases().stream()
        .filter(dir -> kinds.contains(RecordedCase.kindOf(dir)))
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
            () -> check.accept(RecordedCase.load(dir))));
  }

  @TestFactory
  Stream<DynamicNode> eagerMatchesKerasCall() {
    return perCase(MODEL_KINDS, c -> assertBitExact(c, "eager", c.kerasCall(), c.runEager()));
  }

  @TestFactory
  Stream<DynamicNode> compiledMatchesKerasCall() {
    return perCase(MODEL_KINDS,
        c -> assertBitExact(c, "compiled", c.kerasCall(), c.runCompiled()));
  }

  /** The same graphs with the time steps in a while loop instead of unrolled: the same bits. */
  @TestFactory
  Stream<DynamicNode> whileLoopMatchesKerasCall() {
    return perCase(MODEL_KINDS,
        c -> assertBitExact(c, "while loop", c.kerasCall(), c.runCompiled(TimeLoop.WHILE)));
  }

  @TestFactory
  Stream<DynamicNode> statefulCallsMatchKerasInBothModes() {
    return perCase(Set.of("stateful"), c -> {
      List<RecordedCase.Step> steps = c.steps();
      RecurrentLayer eager = c.layer();
      RecurrentLayer compiledLayer = c.layer();
      RecurrentLayer whileLayer = c.layer();
      HostArray first = steps.get(0).inputs();
      try (CompiledLayer compiled =
          CompiledLayer.compile(compiledLayer, first.shape(), List.of());
          CompiledLayer whileLoop = CompiledLayer.compile(whileLayer, first.shape(),
              first.dtype(), List.of(), false, TimeLoop.WHILE)) {
        for (int i = 0; i < steps.size(); i++) {
          RecordedCase.Step step = steps.get(i);
          if (step.resetBefore()) {
            eager.resetStates();
            compiledLayer.resetStates();
            whileLayer.resetStates();
          }
          assertBitExact(c, "eager, call " + i, step.outputs(),
              Eager.call(eager, step.inputs(), List.of()));
          assertBitExact(c, "compiled, call " + i, step.outputs(),
              compiled.call(step.inputs(), List.of()));
          assertBitExact(c, "while loop, call " + i, step.outputs(),
              whileLoop.call(step.inputs(), List.of()));
        }
      }
    });
  }

  @Test
  @Tag("committed")
  void everyKindIsCovered() {
    Set<String> kinds = new java.util.TreeSet<>();
    Fixtures.cases().forEach(dir -> kinds.add(RecordedCase.kindOf(dir)));
    Set<String> layerKinds = Set.of("layer", "bidirectional", "stacked", "stateful",
        "initializer");
    assertTrue(kinds.containsAll(layerKinds), "missing kinds: " + kinds);
    // Whole-model cases ("model") are run by ModelParityTest, files Keras cannot load back
    // ("keras_cannot_load") by KerasCannotLoadTest, direct cell steps ("cell_call") by
    // CellCallParityTest.
    Set<String> unknown = new java.util.TreeSet<>(kinds);
    unknown.removeAll(layerKinds);
    unknown.remove("model");
    unknown.remove("keras_cannot_load");
    unknown.remove("cell_call");
    assertEquals(Set.of(), unknown, "kinds no test runs");
  }

  static void assertBitExact(RecordedCase c, String mode, List<HostArray> expected,
      List<HostArray> actual) {
    assertEquals(expected.size(), actual.size(), c.name() + " (" + mode + "): number of outputs");
    List<String> problems = new ArrayList<>();
    for (int k = 0; k < expected.size(); k++) {
      String diff = BitComparison.difference(expected.get(k), actual.get(k));
      if (diff != null) {
        problems.add("output " + k + " (" + c.outputName(k) + "): " + diff);
      }
    }
    assertTrue(problems.isEmpty(),
        () -> c.name() + " (" + mode + ") differs from Keras: " + String.join("; ", problems));
  }
}
