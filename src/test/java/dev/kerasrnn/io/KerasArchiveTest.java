package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.KerasFileException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code .keras} zip packed at test time around a Keras 3 fixture's weights file. */
class KerasArchiveTest {
  private static final byte[] METADATA =
      "{\"keras_version\": \"3.6.0\", \"date_saved\": \"2024-01-01@00:00:00\"}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONFIG =
      "{\"class_name\": \"Functional\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void archiveReadsLikeItsWeightsFile() throws IOException {
    FixtureCase fixture = FixtureCase.first("keras_weights_h5");
    Path archive = zip(Files.readAllBytes(fixture.weightsFile()));
    try (KerasWeightsFile packed = KerasWeightsFile.open(archive);
        KerasWeightsFile plain = KerasWeightsFile.open(fixture.weightsFile())) {
      assertEquals(KerasWeightsFile.Format.KERAS_WEIGHTS_H5, packed.format());
      assertEquals("3.6.0", packed.kerasVersion().orElseThrow());
      assertEquals(new String(CONFIG, StandardCharsets.UTF_8), packed.modelConfigJson().get());
      assertEquals(plain.objectsWithVars(), packed.objectsWithVars());
      String cell = plain.objectsWithVars().get(0);
      assertEquals(plain.vars(cell), packed.vars(cell));
    }
  }

  @Test
  void archiveWithoutWeights() throws IOException {
    Path archive = zip(null);
    KerasFileException e =
        assertThrows(KerasFileException.class, () -> KerasWeightsFile.open(archive));
    assertEquals("model.weights.h5", e.pathInFile());
  }

  @Test
  void archiveWithTruncatedWeights() throws IOException {
    byte[] h5 = Files.readAllBytes(FixtureCase.first("keras_weights_h5").weightsFile());
    Path archive = zip(Arrays.copyOf(h5, h5.length / 2));
    KerasFileException e =
        assertThrows(KerasFileException.class, () -> KerasWeightsFile.open(archive));
    assertEquals(archive, e.file());
    assertEquals("model.weights.h5:/", e.pathInFile());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  /** A .keras zip with metadata, config and (unless null) the given weights entry. */
  private Path zip(byte[] weights) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("metadata.json", METADATA);
    entries.put("config.json", CONFIG);
    if (weights != null) {
      entries.put("model.weights.h5", weights);
    }
    Path file = dir.resolve("model.keras");
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }
}
