package dev.kerasrnn.compat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.parity.ModelCase;
import dev.kerasrnn.parity.RecordedCase;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Files Keras wrote and cannot load back itself ({@code kind: keras_cannot_load}: Keras 3's legacy
 * {@code .h5} of a Functional model whose masks Keras recorded as operations). The library refuses
 * each at load with a {@link ConfigException} that says Keras itself cannot load the file and
 * quotes the error Keras raised, recorded in case.json.
 */
class KerasCannotLoadTest {
  private static final Path FIXTURES = Fixtures.COMMITTED;
  private static final Pattern UNKNOWN_LAYER = Pattern.compile("Unknown layer: '([^']+)'");

  static List<Path> cases() {
    return RecordedCase.all(FIXTURES).stream()
        .filter(dir -> RecordedCase.kindOf(dir).equals("keras_cannot_load")).toList();
  }

  @Test
  void suchFilesAreRecorded() {
    assertFalse(cases().isEmpty(), "expected keras_cannot_load cases in " + FIXTURES);
  }

  @TestFactory
  Stream<DynamicTest> refusedAtLoadSayingKerasCannotLoadThem() {
    return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      ModelCase c = ModelCase.loadWithoutData(dir);
      String kerasError = c.json().path("keras_error").asText();
      Matcher m = UNKNOWN_LAYER.matcher(kerasError);
      assertTrue(m.find(), c.name() + ": recorded Keras error has no unknown layer: " + kerasError);
      ConfigException e = assertThrows(ConfigException.class, () -> {
        try (Model ignored = Model.load(c.files().get(0))) {
          // loading alone must refuse
        }
      }, c.name());
      String msg = e.getMessage();
      assertTrue(msg.contains("itself cannot load") && msg.contains(m.group(0)),
          c.name() + ": message should say Keras cannot load it (" + m.group(0) + "): " + msg);
    }));
  }
}
