package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Every accepted input form becomes the same runtime value. */
class ModelInputsTest {
  @Test
  void javaArraysAndNdArraysGiveTheSameValues() {
    float[][] rows = {{1.5f, -2f, 0.25f}, {3f, 4f, -0.0f}};
    HostArray fromArray = (HostArray) ModelInputs.toValue(rows);
    var nd = NdArrays.ofFloats(Shape.of(2, 3));
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        nd.setFloat(rows[r][c], r, c);
      }
    }
    assertEquals(fromArray, ModelInputs.toValue(nd));
    assertEquals(HostArray.ofFloats(new long[] {2, 3}, 1.5f, -2f, 0.25f, 3f, 4f, -0.0f),
        fromArray);

    var doubles = NdArrays.ofDoubles(Shape.of(1, 2));
    doubles.setDouble(1.0, 0, 0);
    doubles.setDouble(2.0, 0, 1);
    assertEquals(ModelInputs.toValue(new double[][] {{1.0, 2.0}}), ModelInputs.toValue(doubles));
    var ints = NdArrays.ofInts(Shape.of(1, 3));
    ints.setInt(4, 0, 0);
    ints.setInt(7, 0, 2);
    assertEquals(IntArray.of(new long[] {1, 3}, 4, 0, 7), ModelInputs.toValue(ints));
  }

  @Test
  void raggedAndUnsupportedInputsAreRefused() {
    assertThrows(InvalidInputException.class,
        () -> ModelInputs.toValue(new float[][] {{1f}, {2f, 3f}}));
    assertThrows(InvalidInputException.class, () -> ModelInputs.toValue("x"));
    assertThrows(InvalidInputException.class, () -> ModelInputs.toValue(new String[] {"a"}));
  }
}
