package dev.kerasrnn.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/** The registry per era, and the two hard_sigmoid definitions (formula checks, not fixtures). */
class ActivationsTest {
  private static final double[] X = {-4, -3, -2.5, -1, 0, 1, 2.5, 3, 4};

  private static double[] apply(Activation a, double[] x) {
    try (EagerSession s = EagerSession.create()) {
      Ops tf = Ops.create(s);
      return HostArray.fromTensor(a.apply(tf, tf.constant(x)).asTensor()).toDoubleArray();
    }
  }

  @Test
  void keras3HardSigmoidIsRelu6OfXPlusThreeOverSix() {
    double[] expected = new double[X.length];
    for (int i = 0; i < X.length; i++) {
      expected[i] = Math.min(6, Math.max(0, X[i] + 3)) / 6;
    }
    assertArrayEquals(expected, apply(Activations.get("hard_sigmoid", KerasEra.KERAS_3), X));
  }

  @Test
  void keras2HardSigmoidIsClippedLine() {
    double[] expected = new double[X.length];
    for (int i = 0; i < X.length; i++) {
      expected[i] = Math.max(0, Math.min(1, X[i] * 0.2 + 0.5));
    }
    assertArrayEquals(expected, apply(Activations.get("hard_sigmoid", KerasEra.KERAS_2), X));
  }

  @Test
  void registryFollowsTheEra() {
    assertSame(Activations.LINEAR, Activations.get(null, KerasEra.KERAS_3));
    assertSame(Activations.SILU, Activations.get("swish", KerasEra.KERAS_2));
    assertSame(Activations.HARD_SILU, Activations.get("hard_swish", KerasEra.KERAS_3));
    assertThrows(ConfigException.class, () -> Activations.get("hard_silu", KerasEra.KERAS_2));
    ConfigException e =
        assertThrows(ConfigException.class, () -> Activations.get("Tanh", KerasEra.KERAS_3));
    assertTrue(e.getMessage().contains("'Tanh'") && e.getMessage().contains("tanh"));
    assertTrue(Activations.names(KerasEra.KERAS_3).contains("hard_silu"));
  }

  @Test
  void everyNamedActivationBuildsForBothFloatTypes() {
    for (KerasEra era : KerasEra.values()) {
      for (String name : Activations.names(era)) {
        double[] y = apply(Activations.get(name, era), new double[] {-0.5, 0.25});
        assertTrue(y.length == 2 && Double.isFinite(y[0]) && Double.isFinite(y[1]), name);
      }
    }
    try (EagerSession s = EagerSession.create()) {
      Ops tf = Ops.create(s);
      assertSame(TFloat64.class, Activations.GELU.apply(tf, tf.constant(new double[] {1})).type());
    }
  }
}
