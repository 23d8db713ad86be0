package dev.kerasrnn.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.RecordedCase;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import dev.kerasrnn.runtime.Environment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every generated Keras case, run in Java in both execution modes and compared with Keras's own
 * outputs bit for bit. Eager and compiled Java both reproduce Keras's eager {@code model(x)}.
 */
class KerasParityTest {
  private static final Path FIXTURES = Path.of("compat-tests", "fixtures");

  @BeforeAll
  static void environmentIsPinned() {
    assertEquals(java.util.Map.of(), Environment.deviations(),
        "the test JVM must run with the pinned TensorFlow environment (set by the Maven build)");
  }

  @Test
  void fixtureSetIsLargeEnough() {
    assertTrue(RecordedCase.all(FIXTURES).size() >= 150,
        "expected at least 150 generated cases, found " + RecordedCase.all(FIXTURES).size());
  }

  /** One dynamic test per recorded case. */
  private static Stream<DynamicNode> perCase(Consumer<RecordedCase> check) {
    return RecordedCase.all(FIXTURES).stream().map(dir -> DynamicTest.dynamicTest(
        dir.getFileName().toString(), () -> check.accept(RecordedCase.load(dir))));
  }

  @TestFactory
  Stream<DynamicNode> eagerMatchesKerasCall() {
    return perCase(c -> assertBitExact(c, "eager", c.kerasCall(),
        Eager.call(c.layer(), c.inputs(), c.initialState())));
  }

  @TestFactory
  Stream<DynamicNode> compiledMatchesKerasCall() {
    return perCase(c -> {
      try (CompiledLayer compiled =
          CompiledLayer.compile(c.layer(), c.inputs().shape(), c.initialStateShapes())) {
        assertBitExact(c, "compiled", c.kerasCall(), compiled.call(c.inputs(), c.initialState()));
      }
    });
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
