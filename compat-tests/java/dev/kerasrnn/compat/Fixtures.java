package dev.kerasrnn.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.parity.RecordedCase;
import dev.kerasrnn.parity.RunEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the compat tests find their cases, and under which environment those were recorded.
 *
 * <p>By default the committed set ({@code compat-tests/fixtures}, recorded under the pinned
 * environment) and the shipped models ({@code models/}). {@code -Dkrnn.fixtures=DIR} points at
 * another generated set, for example one that {@code .ci/run} records under TensorFlow's defaults
 * on the CI machine itself; {@code -Dkrnn.models=none} leaves the shipped models out (their
 * recorded outputs are the pinned environment's). Every set says in its manifest under which
 * environment Keras ran, and the tests require this JVM to run under the same one — a mismatch
 * fails with the line that starts a matching JVM, it never skips.
 */
final class Fixtures {
  static final Path COMMITTED = Path.of("compat-tests", "fixtures");
  static final Path ROOT = Path.of(System.getProperty("krnn.fixtures", COMMITTED.toString()));
  /** The shipped models' folder, or null when {@code -Dkrnn.models=none}. */
  static final Path MODELS = modelsRoot();

  private Fixtures() {}

  /** True when the tests run on the committed fixture set (its size and named cases are known). */
  static boolean committed() {
    return ROOT.normalize().equals(COMMITTED);
  }

  /** The case folders of {@link #ROOT}'s manifest; every one exists. */
  static List<Path> cases() {
    List<Path> all = RecordedCase.all(ROOT);
    for (Path dir : all) {
      assertTrue(Files.isRegularFile(dir.resolve("case.json")), dir + " is in the manifest");
    }
    return all;
  }

  /** The shipped models' case folders (models/manifest.json), none with -Dkrnn.models=none. */
  static List<Path> models() {
    List<Path> out = new ArrayList<>();
    if (MODELS == null) {
      return out;
    }
    Path manifest = MODELS.resolve("manifest.json");
    if (Files.exists(manifest)) {
      readJson(manifest).path("cases").forEach(c -> out.add(MODELS.resolve(c.asText())));
    }
    return out;
  }

  /**
   * Fails unless this JVM runs under the environment the fixture set (and the shipped models,
   * when included) was recorded in, naming each variable that differs.
   */
  static void requireRecordedEnvironment() {
    requireEnvironmentOf(ROOT.resolve("manifest.json"));
    if (MODELS != null && Files.exists(MODELS.resolve("manifest.json"))) {
      requireEnvironmentOf(MODELS.resolve("manifest.json"));
    }
  }

  /** The case count a set must reach: {@code committedMinimum} for the committed set, else 1. */
  static int minimumCases(int committedMinimum) {
    return committed() ? committedMinimum : 1;
  }

  private static void requireEnvironmentOf(Path manifest) {
    RunEnvironment recorded = RunEnvironment.recorded(readJson(manifest));
    RunEnvironment here = RunEnvironment.current();
    assertEquals(List.of(), here.differencesFrom(recorded), manifest
        + " was recorded under another environment; the test JVM needs "
        + recorded.launchLine("").strip() + " (mvn test sets the pinned environment,"
        + " mvn test -Ptf-defaults leaves TensorFlow's defaults)");
  }

  private static Path modelsRoot() {
    String p = System.getProperty("krnn.models", "models");
    return p.equals("none") ? null : Path.of(p);
  }

  private static JsonNode readJson(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }
}
