package dev.kerasrnn.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.layers.RNN;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import dev.kerasrnn.runtime.Environment;
import java.util.ArrayList;
import java.util.List;
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

  @BeforeAll
  static void environmentIsPinned() {
    assertEquals(java.util.Map.of(), Environment.deviations(),
        "the test JVM must run with the pinned TensorFlow environment (set by the Maven build)");
  }

  @Test
  void fixtureSetIsLargeEnough() {
    assertTrue(FixtureCase.all().size() >= 150,
        "expected at least 150 generated cases, found " + FixtureCase.all().size());
  }

  @TestFactory
  Stream<DynamicNode> eagerMatchesKerasCall() {
    return FixtureCase.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> {
          FixtureCase c = FixtureCase.load(dir);
          RNN layer = c.layer();
          assertBitExact(c, "eager", c.kerasCall(), Eager.call(layer, c.inputs(), c.initialState()));
        }));
  }

  @TestFactory
  Stream<DynamicNode> compiledMatchesKerasCall() {
    return FixtureCase.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> {
          FixtureCase c = FixtureCase.load(dir);
          RNN layer = c.layer();
          try (CompiledLayer compiled =
              CompiledLayer.compile(layer, c.inputs().shape(), shapes(c.initialState()))) {
            assertBitExact(c, "compiled", c.kerasCall(),
                compiled.call(c.inputs(), c.initialState()));
          }
        }));
  }

  static List<long[]> shapes(List<HostArray> arrays) {
    List<long[]> out = new ArrayList<>();
    for (HostArray a : arrays) {
      out.add(a.shape());
    }
    return out;
  }

  static void assertBitExact(FixtureCase c, String mode, List<HostArray> expected,
      List<HostArray> actual) {
    assertEquals(expected.size(), actual.size(), c.name() + " (" + mode + "): number of outputs");
    List<String> problems = new ArrayList<>();
    for (int k = 0; k < expected.size(); k++) {
      String diff = BitComparison.difference(expected.get(k), actual.get(k));
      if (diff != null) {
        problems.add("output " + k + " (" + c.json().get("outputs").get(k).asText() + "): " + diff);
      }
    }
    assertTrue(problems.isEmpty(),
        () -> c.name() + " (" + mode + ") differs from Keras: " + String.join("; ", problems));
  }
}
