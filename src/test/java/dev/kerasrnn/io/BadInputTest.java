package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.KerasFileException;
import io.jhdf.api.WritableGroup;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every unreadable input fails with a KerasFileException naming the file and the place in it. */
class BadInputTest {
  private static final List<String> FORMATS =
      List.of("keras_weights_h5", "legacy_h5_model", "legacy_h5_weights");

  @TempDir Path dir;

  @Test
  void missingFile() {
    Path file = dir.resolve("absent.weights.h5");
    assertFails(file, null, "file not found");
  }

  @Test
  void directory() {
    assertFails(dir, null, "expected a regular file");
  }

  @Test
  void textFile() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.h5"), "just some text\n");
    assertFails(file, null, "not an HDF5 file");
  }

  @Test
  void emptyFile() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.weights.h5"));
    assertFails(file, null, "empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"keras_weights_h5", "legacy_h5_model", "legacy_h5_weights"})
  void fixtureCutAtHalfItsLength(String format) throws IOException {
    Path file = truncatedCopy(FixtureCase.first(format).weightsFile(), 1, 2);
    assertFails(file, "/", "truncated HDF5 file");
  }

  @Test
  void fixturesCutAnywhereFailCleanly() throws IOException {
    for (String format : FORMATS) {
      Path source = FixtureCase.first(format).weightsFile();
      for (int tenths = 0; tenths < 10; tenths++) {
        Path file = truncatedCopy(source, tenths, 10);
        KerasFileException e =
            assertThrows(KerasFileException.class, () -> KerasWeightsFile.open(file));
        assertEquals(file, e.file());
      }
    }
  }

  @Test
  void hdf5FileInNoKerasLayout() throws IOException {
    Path file = Files.copy(FixtureCase.first("keras_weights_h5").dataFile(), dir.resolve("d.h5"));
    KerasFileException e = assertFails(file, "/", "not a Keras weights file");
    assertTrue(e.getMessage().contains("[inputs, outputs]"), e.getMessage());
  }

  @Test
  void modelWeightsWithoutLayerNames() {
    Path file = SyntheticFiles.write(dir.resolve("m.h5"),
        root -> root.putGroup("model_weights").putAttribute("backend", "tensorflow"));
    assertFails(file, "/model_weights", "expected attribute 'layer_names'");
  }

  @Test
  void layerNamesListsAMissingGroup() {
    Path file = SyntheticFiles.legacyWeights(dir.resolve("w.h5"), new String[] {"input_1", "lstm"},
        root -> root.putGroup("input_1"));
    assertFails(file, "/lstm", "layer_names lists layer 'lstm' but the file has no group");
  }

  @Test
  void weightNamesListsAMissingDataset() {
    String[] names = {"lstm/lstm_cell/kernel:0", "lstm/lstm_cell/bias:0"};
    Path file = SyntheticFiles.legacyWeights(dir.resolve("w.h5"), new String[] {"lstm"},
        root -> SyntheticFiles.layer(root, "lstm", names, List.of(new float[][] {{1f}})));
    assertFails(file, "/lstm/lstm/lstm_cell/bias:0", "no dataset");
  }

  @Test
  void legacyDatasetOfUnsupportedDtype() {
    String[] names = {"dense/kernel:0"};
    Path file = SyntheticFiles.legacyWeights(dir.resolve("w.h5"), new String[] {"dense"},
        root -> SyntheticFiles.layer(root, "dense", names, List.of(new int[][] {{1, 2}})));
    assertFails(file, "/dense/dense/kernel:0", "unsupported dataset dtype int32");
  }

  @Test
  void kerasVarOfUnsupportedDtype() {
    Path file = SyntheticFiles.write(dir.resolve("i.weights.h5"),
        root -> vars(root, "layers/dense").putDataset("0", new long[] {1L, 2L}));
    assertFails(file, "/layers/dense/vars/0", "unsupported dataset dtype int64");
  }

  @Test
  void varsWithAGapInTheirNumbering() {
    Path file = SyntheticFiles.write(dir.resolve("gap.weights.h5"), root -> {
      WritableGroup vars = vars(root, "layers/dense");
      vars.putDataset("0", new float[] {1f});
      vars.putDataset("2", new float[] {2f});
    });
    assertFails(file, "/layers/dense/vars", "expected variable datasets 0..1, found [0, 2]");
  }

  @Test
  void varsWithANonNumericMember() {
    Path file = SyntheticFiles.write(dir.resolve("odd.weights.h5"),
        root -> vars(root, "layers/dense").putDataset("kernel", new float[] {1f}));
    assertFails(file, "/layers/dense/vars/kernel", "named 'kernel'");
  }

  @Test
  void plainArrayReaderRejectsNonHdf5() throws IOException {
    Path file = Files.writeString(dir.resolve("data.h5"), "x");
    KerasFileException e =
        assertThrows(KerasFileException.class, () -> HdfArrays.readAll(file));
    assertTrue(e.getMessage().contains("not an HDF5 file"), e.getMessage());
  }

  @Test
  void noFileHandleIsLeaked() throws IOException {
    File fds = new File("/proc/self/fd");
    Assumptions.assumeTrue(fds.isDirectory(), "needs /proc/self/fd");
    Path truncated = truncatedCopy(FixtureCase.first("keras_weights_h5").weightsFile(), 1, 2);
    Path good = FixtureCase.first("keras_weights_h5").weightsFile();
    Path notKeras = FixtureCase.first("keras_weights_h5").dataFile();
    Path text = Files.writeString(dir.resolve("text.h5"), "not HDF5 at all, but long enough\n");
    int before = fds.list().length;
    for (int i = 0; i < 200; i++) {
      for (Path file : List.of(truncated, good, notKeras, text)) {
        try {
          KerasWeightsFile.open(file).close();
        } catch (KerasFileException expected) {
          // only the open handles matter here
        }
      }
    }
    int after = fds.list().length;
    assertTrue(after - before < 10, "open file descriptors grew from " + before + " to " + after);
  }

  private static WritableGroup vars(WritableGroup root, String objectPath) {
    WritableGroup group = root;
    for (String step : (objectPath + "/vars").split("/")) {
      group = group.putGroup(step);
    }
    return group;
  }

  private Path truncatedCopy(Path source, int numerator, int denominator) throws IOException {
    byte[] bytes = Files.readAllBytes(source);
    byte[] cut = Arrays.copyOf(bytes, bytes.length * numerator / denominator);
    return Files.write(dir.resolve("cut-" + numerator + "-" + denominator + "-"
        + source.getFileName()), cut);
  }

  private static KerasFileException assertFails(Path file, String pathInFile, String message) {
    KerasFileException e =
        assertThrows(KerasFileException.class, () -> KerasWeightsFile.open(file));
    assertEquals(file, e.file());
    assertEquals(pathInFile, e.pathInFile());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    return e;
  }
}
