package dev.kerasrnn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.WeightsException;
import dev.kerasrnn.layers.rnn.GRU;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A {@code mixed_float16} / {@code mixed_bfloat16} layer keeps float32 weights, casts them and
 * float32 inputs to the compute dtype (Cast ops, as Keras), and returns half-precision outputs.
 */
class MixedPrecisionTest {
  private static HostArray random(Random r, DType d, long... shape) {
    int n = 1;
    for (long s : shape) {
      n *= (int) s;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian() * 0.5;
    }
    return HostArray.of(d, shape, v);
  }

  /** The same values rounded to another dtype on the host (float32 → half: one rounding). */
  private static HostArray rounded(HostArray a, DType d) {
    return HostArray.of(d, a.shape(), a.toDoubleArray());
  }

  private static GRU gru(DTypePolicy policy) {
    GRU layer = GRU.builder(4).dtype(policy).returnSequences(true).returnState(true).build();
    layer.build(2, 3, 5);
    return layer;
  }

  @Test
  void variablesStayFloat32AndOutputsAreHalf() {
    for (DTypePolicy policy : List.of(DTypePolicy.MIXED_FLOAT16, DTypePolicy.MIXED_BFLOAT16)) {
      GRU layer = gru(policy);
      assertEquals(policy.computeDtype(), layer.dtype());
      for (Variable v : layer.trainableVariables()) {
        assertEquals(DType.FLOAT32, v.dtype(), v.toString());
        assertEquals(policy.computeDtype(), v.computeDtype(), v.toString());
      }
      Random r = new Random(7);
      List<HostArray> w = new ArrayList<>();
      layer.trainableVariables().forEach(v -> w.add(random(r, DType.FLOAT32, v.shape())));
      layer.setWeights(w);
      HostArray x = random(r, DType.FLOAT32, 2, 3, 5);
      List<HostArray> out = Eager.call(layer, x, List.of());
      out.forEach(o -> assertEquals(policy.computeDtype(), o.dtype()));

      // Keras's casts are plain roundings: the same as a half layer with rounded weights/inputs.
      GRU half = gru(DTypePolicy.of(policy.computeDtype()));
      half.setWeights(w.stream().map(a -> rounded(a, policy.computeDtype())).toList());
      assertEquals(Eager.call(half, rounded(x, policy.computeDtype()), List.of()), out);
      // A half input needs no cast; compiled runs give the same bits as eager ones.
      assertEquals(out, Eager.call(layer, rounded(x, policy.computeDtype()), List.of()));
      try (CompiledLayer c =
          CompiledLayer.compile(layer, x.shape(), DType.FLOAT32, List.of(), false)) {
        assertEquals(out, c.call(x, List.of()));
      }
    }
  }

  @Test
  void mixedWeightsMustBeFloat32() {
    GRU layer = gru(DTypePolicy.MIXED_FLOAT16);
    List<HostArray> w = new ArrayList<>();
    layer.trainableVariables().forEach(v -> w.add(HostArray.zeros(DType.FLOAT16, v.shape())));
    assertThrows(WeightsException.class, () -> layer.setWeights(w));
  }

  @Test
  void statesMustBeOfTheComputeDtype() {
    GRU layer = gru(DTypePolicy.MIXED_FLOAT16);
    HostArray x = HostArray.zeros(DType.FLOAT32, 2, 3, 5);
    assertThrows(InvalidInputException.class,
        () -> Eager.call(layer, x, List.of(HostArray.zeros(DType.FLOAT32, 2, 4))));
    assertEquals(DType.FLOAT16,
        Eager.call(layer, x, List.of(HostArray.zeros(DType.FLOAT16, 2, 4))).get(0).dtype());
  }
}
