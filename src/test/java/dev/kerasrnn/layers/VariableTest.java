package dev.kerasrnn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.layers.rnn.SimpleRNN;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Initializers run lazily: loading weights never runs them; LSTM's forget bias starts at one. */
class VariableTest {

  @Test
  void loadedWeightsNeverRunTheInitializer() {
    Initializer refuse = (dtype, shape) -> {
      throw new AssertionError("initializer must not run");
    };
    SimpleRNN layer = SimpleRNN.builder(2).kernelInitializer(refuse).recurrentInitializer(refuse)
        .biasInitializer(refuse).build();
    layer.build(1, 1, 3);
    List<HostArray> w = List.of(HostArray.zeros(DType.FLOAT32, 3, 2),
        HostArray.zeros(DType.FLOAT32, 2, 2), HostArray.zeros(DType.FLOAT32, 2));
    layer.setWeights(w);
    assertEquals(w, layer.getWeights());
  }

  @Test
  void unitForgetBiasSetsOnlyTheForgetGate() {
    LSTM layer = new LSTM(3);
    layer.build(1, 1, 2);
    double[] bias = layer.getWeights().get(2).toDoubleArray();
    List<Double> got = new ArrayList<>();
    for (double b : bias) {
      got.add(b);
    }
    assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, bias, got.toString());
  }
}
