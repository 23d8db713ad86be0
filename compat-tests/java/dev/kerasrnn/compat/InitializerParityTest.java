package dev.kerasrnn.compat;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.io.HdfArrays;
import dev.kerasrnn.saving.InitializerDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every generated {@code kind: "initializer"} case: the initializer is built from the config Keras
 * recorded ({@code get_config()}), under the era of the Keras that recorded it, called on the
 * recorded shape and dtype, and compared with Keras's value bit for bit.
 */
class InitializerParityTest {
  private static final Path FIXTURES = Fixtures.ROOT;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void environmentIsTheRecordedOne() {
    Fixtures.requireRecordedEnvironment();
  }

  /** The case directories whose case.json has {@code "kind": "initializer"}, sorted. */
  static List<Path> initializerCases() {
    if (!Files.isDirectory(FIXTURES)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(FIXTURES)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("case.json")))
          .filter(d -> "initializer".equals(readCase(d).path("kind").asText()))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readCase(Path dir) {
    try {
      return JSON.readTree(dir.resolve("case.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void bothErasHaveInitializerCases() {
    List<Path> cases = initializerCases();
    long k3 = cases.stream().filter(d -> era(readCase(d)) == KerasEra.KERAS_3).count();
    long k2 = cases.size() - k3;
    assertTrue(k3 > 0 && k2 > 0,
        "expected initializer cases from Keras 3 and tf-keras, found " + k3 + " and " + k2);
  }

  @TestFactory
  Stream<DynamicTest> seededInitializersMatchKeras() {
    return initializerCases().stream().map(dir -> DynamicTest.dynamicTest(
        dir.getFileName().toString(), () -> check(dir)));
  }

  private static KerasEra era(JsonNode c) {
    return KerasEra.fromVersion(c.path("keras_version").asText(null));
  }

  private static void check(Path dir) {
    JsonNode c = readCase(dir);
    String name = c.path("name").asText(dir.getFileName().toString());
    KerasEra era = era(c);
    Initializer init = InitializerDeserializer.deserialize(c.get("initializer"), name, era);
    assertNotNull(init, name + ": no initializer in case.json");
    long[] shape = JSON.convertValue(c.get("shape"), long[].class);
    DType dtype = DType.fromKerasName(c.path("dtype").asText());
    HostArray expected = HdfArrays.readAll(dir.resolve("data.h5")).get("outputs/value");
    assertNotNull(expected, name + ": data.h5 has no /outputs/value");
    HostArray actual = init.generate(dtype, shape);
    String diff = BitComparison.difference(expected, actual);
    assertTrue(diff == null, () -> name + " (" + era + ", "
        + c.path("initializer").path("class_name").asText() + " " + dtype
        + HostArray.shapeString(shape) + ") differs from Keras: " + diff);
  }
}
