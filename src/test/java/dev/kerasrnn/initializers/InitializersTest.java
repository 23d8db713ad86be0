package dev.kerasrnn.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import org.junit.jupiter.api.Test;

/**
 * Keras's distributions, tested statistically (bit equality with Keras's seeded draws is a later
 * issue): Glorot uniform over the whole symmetric range, orthogonal rows, seeds reproducible.
 */
class InitializersTest {

  @Test
  void glorotUniformCoversTheSymmetricRange() {
    HostArray w = new GlorotUniform(7).generate(DType.FLOAT32, 100, 100);
    double limit = Math.sqrt(6.0 / 200);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    double sum = 0;
    for (double v : w.toDoubleArray()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    assertTrue(min >= -limit && max < limit, "within [-limit, limit)");
    assertTrue(min < -0.95 * limit && max > 0.95 * limit, "uses both ends: " + min + ", " + max);
    assertTrue(Math.abs(sum / w.size()) < 0.01 * limit * 10, "mean near 0: " + sum / w.size());
  }

  @Test
  void seedsAreReproducible() {
    assertEquals(new GlorotUniform(3).generate(DType.FLOAT64, 4, 5),
        new GlorotUniform(3).generate(DType.FLOAT64, 4, 5));
    assertNotEquals(new GlorotUniform(3).generate(DType.FLOAT64, 4, 5),
        new GlorotUniform(4).generate(DType.FLOAT64, 4, 5));
    assertNotEquals(new GlorotUniform().generate(DType.FLOAT32, 4, 5),
        new GlorotUniform().generate(DType.FLOAT32, 4, 5));
  }

  @Test
  void orthogonalRowsAreOrthonormalForAWideRecurrentKernel() {
    int rows = 6;
    int cols = 24;
    double[] q = new Orthogonal(1.0, 11).generate(DType.FLOAT64, rows, cols).toDoubleArray();
    for (int a = 0; a < rows; a++) {
      for (int b = 0; b < rows; b++) {
        double dot = 0;
        for (int k = 0; k < cols; k++) {
          dot += q[a * cols + k] * q[b * cols + k];
        }
        assertEquals(a == b ? 1.0 : 0.0, dot, 1e-12, "row " + a + " . row " + b);
      }
    }
  }

  @Test
  void orthogonalGainScales() {
    double[] one = new Orthogonal(1.0, 5).generate(DType.FLOAT64, 3, 3).toDoubleArray();
    double[] two = new Orthogonal(2.0, 5).generate(DType.FLOAT64, 3, 3).toDoubleArray();
    for (int i = 0; i < one.length; i++) {
      assertEquals(2 * one[i], two[i], 1e-15);
    }
  }
}
