package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.parity.ModelCase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An id outside an Embedding's table is refused on the host, naming the layer, before any op
 * runs (Keras fails there too, in TensorFlow's GatherV2); Keras 3 wraps negative ids once.
 */
class EmbeddingIdsTest {
  private static final Path FIXTURES = Path.of("compat-tests", "fixtures");

  private static IntArray withId(IntArray ids, int at, int id) {
    int[] v = new int[ids.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ids.get(i);
    }
    v[at] = id;
    return IntArray.of(ids.shape(), v);
  }

  @Test
  void idsOutsideTheTableAreRefusedInBothEras() {
    for (String c : List.of("model_seq-embed-lstm_k3_keras", "model_seq-embed-lstm_tfk_keras")) {
      ModelCase k = ModelCase.load(FIXTURES.resolve(c));
      IntArray ids = (IntArray) k.inputs().get(0);
      try (Model m = k.model()) {
        for (boolean compiled : new boolean[] {false, true}) {
          InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            List<Object> bad = List.of(withId(ids, 4, 1_000_000));
            if (compiled) {
              m.predict(bad);
            } else {
              m.predictEager(bad);
            }
          }, c);
          assertTrue(e.getMessage().contains("input_dim") && e.getMessage().contains("1000000")
              && e.getMessage().contains("flat index 4"), e.getMessage());
        }
      }
    }
  }

  @Test
  void negativeIdsWrapInKeras3AndAreRefusedInTfKeras() {
    ModelCase k3 = ModelCase.load(FIXTURES.resolve("model_seq-embed-lstm_k3_keras"));
    IntArray ids = (IntArray) k3.inputs().get(0);
    try (Model m = k3.model()) {
      assertEquals(k3.kerasCall().size(), m.predict(List.of(withId(ids, 0, -1))).size());
    }
    ModelCase tfk = ModelCase.load(FIXTURES.resolve("model_seq-embed-lstm_tfk_keras"));
    try (Model m = tfk.model()) {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> m.predict(List.of(withId((IntArray) tfk.inputs().get(0), 0, -1))));
      assertTrue(e.getMessage().contains("[0, "), e.getMessage());
    }
  }
}
