package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.Limits;
import dev.kerasrnn.model.Model;
import io.jhdf.api.WritableGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@link Limits} is enforced before allocation, each with a typed error naming the file. */
class LimitsTest {
  private static final Path SMALL_WEIGHTS =
      Path.of("compat-tests/fixtures/model_seq-mask-dropped_k3_wh5/model.weights.h5");
  private static final Path SMALL_CONFIG =
      Path.of("compat-tests/fixtures/model_seq-mask-dropped_k3_wh5/config.json");
  private static final Path FUNCTIONAL_CONFIG =
      Path.of("compat-tests/fixtures/model_func-mask-input_k3_wh5/config.json");

  @TempDir
  Path dir;

  /** Runs {@code body} with the system property {@code kerasrnn.limits.<name>} set. */
  private static <T> T withLimit(String name, long value, Supplier<T> body) {
    String key = "kerasrnn.limits." + name;
    System.setProperty(key, Long.toString(value));
    try {
      return body.get();
    } finally {
      System.clearProperty(key);
    }
  }

  @Test
  void defaultsAndOverrides() {
    assertEquals(Limits.DEFAULT, Limits.current());
    assertEquals(7, withLimit("maxLayers", 7, () -> Limits.current().maxLayers()));
    System.setProperty("kerasrnn.limits.maxLayers", "-3");
    try {
      assertThrows(ConfigException.class, Limits::current);
    } finally {
      System.clearProperty("kerasrnn.limits.maxLayers");
    }
  }

  @Test
  void jsonNestedDeeperThanTheLimitIsRefused() {
    String deep = "[".repeat(150) + "]".repeat(150);
    KerasFileException e = assertThrows(KerasFileException.class,
        () -> SafeJson.parse(deep, Path.of("deep.json"), "config.json"));
    assertTrue(e.getMessage().contains("deep.json") && e.getMessage().contains("depth"),
        e.getMessage());
    assertTrue(SafeJson.parse("[".repeat(50) + "]".repeat(50), Path.of("ok.json"), "").isArray());
  }

  @Test
  void configsWithTooManyLayersAreRefusedBeforeBuilding() throws Exception {
    String functional = Files.readString(FUNCTIONAL_CONFIG);
    assertTrue(withLimit("maxLayers", 2, () -> assertThrows(KerasFileException.class,
        () -> Model.load(SMALL_WEIGHTS, SMALL_CONFIG))).getMessage().contains("maxLayers"));
    assertTrue(withLimit("maxNodes", 1, () -> assertThrows(KerasFileException.class,
        () -> Model.fromConfig(functional, KerasEra.KERAS_3))).getMessage().contains("maxNodes"));
    Model.fromConfig(functional, KerasEra.KERAS_3).close();
    try (Model m = Model.load(SMALL_WEIGHTS, SMALL_CONFIG)) {
      assertTrue(m.layers().size() > 2);
    }
  }

  @Test
  void datasetsLargerThanTheTensorCapAreRefusedBeforeReading() {
    KerasFileException e = withLimit("maxTensorBytes", 64,
        () -> assertThrows(KerasFileException.class, () -> KerasWeightsFile.open(SMALL_WEIGHTS)));
    assertTrue(e.getMessage().contains("maxTensorBytes") && e.pathInFile().contains("vars"),
        e.getMessage());
  }

  @Test
  void filesLargerThanTheFileCapAreRefusedBeforeReading() {
    KerasFileException e = withLimit("maxFileBytes", 1000,
        () -> assertThrows(KerasFileException.class, () -> KerasWeightsFile.open(SMALL_WEIGHTS)));
    assertTrue(e.getMessage().contains("maxFileBytes"), e.getMessage());
  }

  @Test
  void groupsNestedDeeperThanTheLimitAreRefused() {
    Path file = SyntheticFiles.write(dir.resolve("deep.weights.h5"), root -> {
      WritableGroup g = root.putGroup("layers");
      for (int i = 0; i < 12; i++) {
        g = g.putGroup("g" + i);
      }
      g.putGroup("vars").putDataset("0", new double[] {1});
    });
    assertEquals(1, KerasWeightsFile.open(file).objectsWithVars().size());
    KerasFileException e = withLimit("maxHdfDepth", 8,
        () -> assertThrows(KerasFileException.class, () -> KerasWeightsFile.open(file)));
    assertTrue(e.getMessage().contains("maxHdfDepth"), e.getMessage());
    e = withLimit("maxHdfNodes", 5,
        () -> assertThrows(KerasFileException.class, () -> KerasWeightsFile.open(file)));
    assertTrue(e.getMessage().contains("maxHdfNodes"), e.getMessage());
  }

  @Test
  void jsonInputsAreReadAsAStreamAndChecked() throws Exception {
    Path f = dir.resolve("x.json");
    Files.writeString(f, "[[[0.5, -1.0], [2, 3e1]]]");
    HostArray a = (HostArray) JsonArrays.read(f);
    assertArrayEquals(new long[] {1, 2, 2}, a.shape());
    assertEquals(30.0, a.getDouble(3));
    Files.writeString(f, "[[1, 2], [3, 4], [5, 6]]");
    assertArrayEquals(new long[] {3, 2}, ((IntArray) JsonArrays.read(f)).shape());
    for (String bad : new String[] {"[[1, 2], [3]]", "[[1], 2]", "[1, [2]]", "[4294967296]",
        "[\"a\"]", "[1, 2", "", "[1] [2]", "[".repeat(40) + "1" + "]".repeat(40)}) {
      Files.write(f, bad.getBytes(StandardCharsets.UTF_8));
      KerasFileException e = assertThrows(KerasFileException.class, () -> JsonArrays.read(f),
          bad);
      assertTrue(e.getMessage().contains("x.json"), e.getMessage());
    }
    Files.writeString(f, "[1, 2, 3, 4, 5]");
    assertTrue(withLimit("maxTensorBytes", 8, () -> assertThrows(KerasFileException.class,
        () -> JsonArrays.read(f))).getMessage().contains("maxTensorBytes"));
  }
}
