package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keras's bfloat16 weights (h5py's empty-tag opaque type), which jhdf alone cannot open, read
 * through {@link UntaggedOpaque}; files without such types are left alone.
 */
class UntaggedOpaqueTest {
  private static final Path FIXTURES = Path.of("compat-tests", "fixtures");
  private static final List<Path> BF16 = List.of(
      FIXTURES.resolve("lstm_k3_seq_b3_t7_f5_u6_bf16/model.weights.h5"),
      FIXTURES.resolve("gru_tfk_seq_b3_t7_f5_u6_bf16/weights.h5"));

  private static void walk(Group g) {
    for (Node n : g.getChildren().values()) {
      if (n instanceof Group child) {
        walk(child);
      }
    }
  }

  @Test
  void jhdfAloneCannotOpenTheGroupsOfBfloat16Weights() throws Exception {
    for (Path file : BF16) {
      HdfFile hdf = HdfFile.fromBytes(Files.readAllBytes(file));
      assertThrows(RuntimeException.class, () -> walk(hdf), file.toString());
    }
  }

  @Test
  void bfloat16WeightsAreFoundAndRead() throws Exception {
    for (Path file : BF16) {
      HdfFile hdf = HdfFile.fromBytes(Files.readAllBytes(file));
      UntaggedOpaque opaque = UntaggedOpaque.find(hdf);
      assertFalse(opaque.isEmpty(), file.toString());
      HdfFile rewritten = HdfFile.fromBytes(opaque.apply(Files.readAllBytes(file), 0));
      walk(rewritten); // every group opens now
      List<NamedWeight> weights = KerasWeightsFile.singleLayerWeights(file);
      assertEquals(opaque.headers().size(), weights.size(), file.toString());
      for (NamedWeight w : weights) {
        assertEquals(DType.BFLOAT16, w.value().dtype(), w.toString());
      }
    }
  }

  @Test
  void filesWithoutUntaggedOpaqueTypesAreLeftAlone() throws Exception {
    Path file = FIXTURES.resolve("lstm_k3_seq_b3_t7_f5_u6_mbf16/model.weights.h5");
    assertTrue(UntaggedOpaque.find(HdfFile.fromBytes(Files.readAllBytes(file))).isEmpty());
  }
}
