package dev.kerasrnn.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.VarianceScaling.Distribution;
import dev.kerasrnn.initializers.VarianceScaling.Mode;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Keras's distributions, tested statistically (bit equality with Keras's seeded draws is checked
 * against recorded fixtures by InitializerParityTest): ranges, means, standard deviations,
 * orthogonality, seeding rules of the two eras.
 */
class InitializersTest {
  private static final long SEED_MODULUS = Integer.MAX_VALUE - 1L;

  private static final class Stats {
    final double min;
    final double max;
    final double mean;
    final double std;

    Stats(HostArray a) {
      double lo = Double.MAX_VALUE;
      double hi = -Double.MAX_VALUE;
      double sum = 0;
      double sq = 0;
      double[] v = a.toDoubleArray();
      for (double x : v) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
        sum += x;
      }
      double m = sum / v.length;
      for (double x : v) {
        sq += (x - m) * (x - m);
      }
      min = lo;
      max = hi;
      mean = m;
      std = Math.sqrt(sq / v.length);
    }
  }

  @Test
  void glorotUniformCoversTheSymmetricRange() {
    HostArray w = new GlorotUniform(7).generate(DType.FLOAT32, 100, 100);
    double limit = Math.sqrt(6.0 / 200);
    Stats s = new Stats(w);
    assertTrue(s.min >= -limit && s.max < limit, "within [-limit, limit)");
    assertTrue(s.min < -0.95 * limit && s.max > 0.95 * limit,
        "uses both ends: " + s.min + ", " + s.max);
    assertTrue(Math.abs(s.mean) < 0.1 * limit, "mean near 0: " + s.mean);
    assertEquals(limit / Math.sqrt(3), s.std, 0.03 * limit);
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
  void anUnseededInstanceKeepsItsSeedLikeKeras() {
    List<RandomInitializer> all = List.of(new GlorotUniform(), new GlorotNormal(), new HeUniform(),
        new HeNormal(), new LecunUniform(), new LecunNormal(), new RandomUniform(),
        new RandomNormal(), new TruncatedNormal(), new VarianceScaling(), new Orthogonal());
    for (RandomInitializer init : all) {
      String what = init.getClass().getSimpleName();
      assertTrue(!init.isSeeded() && init.seed() >= 1 && init.seed() <= 1_000_000_000L, what);
      assertEquals(init.generate(DType.FLOAT32, 6, 5), init.generate(DType.FLOAT32, 6, 5), what);
    }
  }

  /** Every VarianceScaling variant over a large matrix: support, mean and standard deviation. */
  @Test
  void varianceScalingDistributions() {
    long rows = 300;
    long cols = 200;
    for (Mode mode : Mode.values()) {
      for (Distribution dist : Distribution.values()) {
        double scale = 1.7;
        double n = mode == Mode.FAN_IN ? rows : mode == Mode.FAN_OUT ? cols : (rows + cols) / 2.0;
        double target = Math.sqrt(scale / n);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
          HostArray w = new VarianceScaling(scale, mode, dist, null, KerasEra.KERAS_3)
              .generate(dtype, rows, cols);
          Stats s = new Stats(w);
          String what = mode + " " + dist + " " + dtype;
          assertArrayEquals(new long[] {rows, cols}, w.shape(), what);
          assertEquals(dtype, w.dtype(), what);
          assertEquals(0.0, s.mean, 0.02 * target, what);
          assertEquals(target, s.std, 0.03 * target, what + " std");
          if (dist == Distribution.UNIFORM) {
            double limit = Math.sqrt(3 * scale / n) * (1 + 1e-6);
            assertTrue(s.min >= -limit && s.max < limit, what);
          } else if (dist == Distribution.TRUNCATED_NORMAL) {
            double bound = 2 * target / VarianceScaling.TRUNCATION_STDDEV * (1 + 1e-6);
            assertTrue(s.min >= -bound && s.max <= bound, what + " truncated at 2 sd");
          } else {
            assertTrue(s.max > 3 * target, what + " untruncated tails");
          }
        }
      }
    }
  }

  @Test
  void namedVarianceScalingsUseKerasScaleAndFans() {
    long fanIn = 400;
    long fanOut = 100;
    Object[][] expected = {
        {new GlorotUniform(), Math.sqrt(2.0 / (fanIn + fanOut)), true},
        {new GlorotNormal(), Math.sqrt(2.0 / (fanIn + fanOut)), false},
        {new HeUniform(), Math.sqrt(2.0 / fanIn), true},
        {new HeNormal(), Math.sqrt(2.0 / fanIn), false},
        {new LecunUniform(), Math.sqrt(1.0 / fanIn), true},
        {new LecunNormal(), Math.sqrt(1.0 / fanIn), false},
    };
    for (Object[] e : expected) {
      VarianceScaling init = (VarianceScaling) e[0];
      double std = (double) e[1];
      Stats s = new Stats(init.generate(DType.FLOAT64, fanIn, fanOut));
      String what = init.getClass().getSimpleName();
      assertEquals(std, s.std, 0.03 * std, what);
      assertEquals((boolean) e[2], init.distribution() == Distribution.UNIFORM, what);
    }
  }

  @Test
  void fansFollowKerasComputeFans() {
    assertArrayEquals(new long[] {1, 1}, VarianceScaling.fans(new long[] {}));
    assertArrayEquals(new long[] {7, 7}, VarianceScaling.fans(new long[] {7}));
    assertArrayEquals(new long[] {3, 4}, VarianceScaling.fans(new long[] {3, 4}));
    assertArrayEquals(new long[] {2 * 5 * 3, 2 * 5 * 4},
        VarianceScaling.fans(new long[] {2, 5, 3, 4}));
  }

  @Test
  void randomUniformNormalAndTruncatedNormal() {
    Stats u = new Stats(new RandomUniform(-0.2, 0.6, null, KerasEra.KERAS_2)
        .generate(DType.FLOAT64, 200, 200));
    assertTrue(u.min >= -0.2 && u.max < 0.6);
    assertEquals(0.2, u.mean, 0.01);
    assertEquals(0.8 / Math.sqrt(12), u.std, 0.01);

    Stats n = new Stats(new RandomNormal(0.3, 0.5, null, KerasEra.KERAS_3)
        .generate(DType.FLOAT32, 200, 200));
    assertEquals(0.3, n.mean, 0.01);
    assertEquals(0.5, n.std, 0.01);
    assertTrue(n.max > 0.3 + 3 * 0.5 || n.min < 0.3 - 3 * 0.5, "untruncated tails");

    Stats t = new Stats(new TruncatedNormal(0.3, 0.5, null, KerasEra.KERAS_3)
        .generate(DType.FLOAT32, 200, 200));
    assertEquals(0.3, t.mean, 0.01);
    assertEquals(0.5 * VarianceScaling.TRUNCATION_STDDEV, t.std, 0.01);
    assertTrue(t.min >= 0.3 - 2 * 0.5 - 1e-6 && t.max <= 0.3 + 2 * 0.5 + 1e-6, "within 2 sd");

    Stats d = new Stats(new RandomUniform().generate(DType.FLOAT32, 100, 100));
    assertTrue(d.min >= -0.05f && d.max < 0.05f, "Keras's default bounds");
  }

  @Test
  void orthogonalRowsAreOrthonormalForAWideRecurrentKernel() {
    assertOrthonormalRows(new Orthogonal(1.0, 11).generate(DType.FLOAT64, 6, 24), 1.0, 1e-12);
  }

  @Test
  void orthogonalColumnsAreOrthonormalForATallMatrixAndHigherRank() {
    HostArray tall = new Orthogonal(1.0, null, KerasEra.KERAS_2).generate(DType.FLOAT64, 24, 6);
    assertOrthonormalRows(transpose(tall), 1.0, 1e-12);
    HostArray conv = new Orthogonal(1.0, 9L, KerasEra.KERAS_3).generate(DType.FLOAT32, 2, 3, 4, 5);
    assertArrayEquals(new long[] {2, 3, 4, 5}, conv.shape());
    // rows = 2*3*4 = 24 > cols = 5: orthonormal columns of the flattened (24, 5) matrix
    assertOrthonormalRows(transpose(HostArray.of(DType.FLOAT64, new long[] {24, 5},
        conv.toDoubleArray())), 1.0, 1e-5);
    assertThrows(IllegalArgumentException.class,
        () -> new Orthogonal().generate(DType.FLOAT32, 5));
  }

  @Test
  void orthogonalGainScales() {
    double[] one = new Orthogonal(1.0, 5).generate(DType.FLOAT64, 3, 3).toDoubleArray();
    double[] two = new Orthogonal(2.0, 5).generate(DType.FLOAT64, 3, 3).toDoubleArray();
    for (int i = 0; i < one.length; i++) {
      assertEquals(2 * one[i], two[i], 1e-15);
    }
    assertOrthonormalRows(new Orthogonal(2.5, 4L, KerasEra.KERAS_2).generate(DType.FLOAT64, 5, 9),
        2.5, 1e-12);
  }

  /** Keras 3 folds the seed with floormod(seed, 2^31 - 2); tf-keras uses it as given. */
  @Test
  void keras3FoldsSeedsModulo2To31Minus2() {
    List<BiFunction<Long, KerasEra, RandomInitializer>> makers = List.of(
        GlorotUniform::new, HeNormal::new,
        (s, e) -> new RandomNormal(0.0, 1.0, s, e),
        (s, e) -> new Orthogonal(1.0, s, e));
    for (BiFunction<Long, KerasEra, RandomInitializer> make : makers) {
      for (long seed : new long[] {5, 2147483645L}) {
        HostArray k3 = make.apply(seed, KerasEra.KERAS_3).generate(DType.FLOAT32, 4, 3);
        String what = make.apply(seed, KerasEra.KERAS_3).getClass().getSimpleName() + " " + seed;
        assertEquals(k3, make.apply(seed + SEED_MODULUS, KerasEra.KERAS_3)
            .generate(DType.FLOAT32, 4, 3), what);
        assertEquals(k3, make.apply(seed - SEED_MODULUS, KerasEra.KERAS_3)
            .generate(DType.FLOAT32, 4, 3), what);
        assertNotEquals(k3, make.apply(seed + SEED_MODULUS, KerasEra.KERAS_2)
            .generate(DType.FLOAT32, 4, 3), what);
      }
      // a seed beyond int32 is an int64 seed pair for tf-keras; it still draws valid values
      Stats s = new Stats(make.apply(3_000_000_000L, KerasEra.KERAS_2)
          .generate(DType.FLOAT64, 30, 30));
      assertTrue(Double.isFinite(s.std) && s.std > 0);
    }
  }

  /** For seeds in [0, 2^31 - 2) the eras differ only in float64 uniform bounds (Keras 3 rounds). */
  @Test
  void erasAgreeExceptForFloat64UniformBounds() {
    long seed = 1234;
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (KerasEra era : KerasEra.values()) {
        assertEquals(new GlorotNormal(seed, KerasEra.KERAS_3).generate(dtype, 5, 7),
            new GlorotNormal(seed, era).generate(dtype, 5, 7));
        assertEquals(new Orthogonal(1.5, seed, KerasEra.KERAS_3).generate(dtype, 5, 7),
            new Orthogonal(1.5, seed, era).generate(dtype, 5, 7));
      }
    }
    assertEquals(new GlorotUniform(seed, KerasEra.KERAS_3).generate(DType.FLOAT32, 5, 7),
        new GlorotUniform(seed, KerasEra.KERAS_2).generate(DType.FLOAT32, 5, 7));
    HostArray k3 = new RandomUniform(-0.1, 0.1, seed, KerasEra.KERAS_3).generate(DType.FLOAT64, 50);
    HostArray k2 = new RandomUniform(-0.1, 0.1, seed, KerasEra.KERAS_2).generate(DType.FLOAT64, 50);
    assertNotEquals(k3, k2);
    double f32 = (float) 0.1;
    for (int i = 0; i < 50; i++) {
      assertTrue(k3.getDouble(i) >= -f32 && k3.getDouble(i) < f32);
      assertTrue(k2.getDouble(i) >= -0.1 && k2.getDouble(i) < 0.1);
    }
    // integer bounds are exact in both eras
    assertEquals(new RandomUniform(-1, 2, seed, KerasEra.KERAS_3).generate(DType.FLOAT64, 50),
        new RandomUniform(-1, 2, seed, KerasEra.KERAS_2).generate(DType.FLOAT64, 50));
  }

  @Test
  void constantConvertsItsValueAsEachEraDoes() {
    HostArray k3 = new Constant(0.1, KerasEra.KERAS_3).generate(DType.FLOAT64, 2, 3);
    HostArray k2 = new Constant(0.1, KerasEra.KERAS_2).generate(DType.FLOAT64, 2, 3);
    HostArray f = new Constant(0.1, KerasEra.KERAS_3).generate(DType.FLOAT32, 4);
    HostArray i = new Constant(16777217L, KerasEra.KERAS_3).generate(DType.FLOAT64, 3);
    for (int k = 0; k < 6; k++) {
      assertEquals((double) (float) 0.1, k3.getDouble(k));
      assertEquals(0.1, k2.getDouble(k));
    }
    for (int k = 0; k < 4; k++) {
      assertEquals((float) 0.1, (float) f.getDouble(k));
    }
    for (int k = 0; k < 3; k++) {
      assertEquals(16777217.0, i.getDouble(k));
    }
  }

  @Test
  void identityIsGainTimesEye() {
    HostArray w = new Identity(-1.5).generate(DType.FLOAT32, 3, 5);
    assertArrayEquals(new long[] {3, 5}, w.shape());
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 5; c++) {
        double v = w.getDouble(r * 5L + c);
        if (r == c) {
          assertEquals(-1.5, v);
        } else {
          // Mul(gain, 0) keeps the sign: -0.0, as Keras computes it
          assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(v));
        }
      }
    }
    assertThrows(IllegalArgumentException.class,
        () -> new Identity().generate(DType.FLOAT32, 2, 2, 2));
  }

  @Test
  void zerosAndOnes() {
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (double v : new Zeros().generate(dtype, 3, 4).toDoubleArray()) {
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(v));
      }
      for (double v : new Ones().generate(dtype, 2, 2, 2).toDoubleArray()) {
        assertEquals(1.0, v);
      }
    }
  }

  @Test
  void emptyShapesGiveEmptyArrays() {
    assertEquals(0, new GlorotUniform(3).generate(DType.FLOAT32, 0, 4).size());
    assertEquals(0, new Orthogonal(1.0, 3).generate(DType.FLOAT32, 0, 4).size());
  }

  private static void assertOrthonormalRows(HostArray a, double gain, double tol) {
    int rows = (int) a.dim(0);
    int cols = (int) a.dim(1);
    double[] q = a.toDoubleArray();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < rows; j++) {
        double dot = 0;
        for (int k = 0; k < cols; k++) {
          dot += q[i * cols + k] * q[j * cols + k];
        }
        assertEquals(i == j ? gain * gain : 0.0, dot, tol * gain * gain,
            "row " + i + " . row " + j);
      }
    }
  }

  private static HostArray transpose(HostArray a) {
    int rows = (int) a.dim(0);
    int cols = (int) a.dim(1);
    double[] v = a.toDoubleArray();
    double[] t = new double[v.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = v[i * cols + j];
      }
    }
    return HostArray.of(DType.FLOAT64, new long[] {cols, rows}, t);
  }
}
