package dev.kerasrnn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.WeightsException;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad inputs, states and weights give an exception naming the layer, what was expected and what
 * was given, from the Java-side checks that run before any TensorFlow op.
 */
class InputValidationTest {
  private static LSTM lstm() {
    LSTM layer = LSTM.builder(4).name("my_lstm").build();
    layer.build(2, 5, 3);
    return layer;
  }

  private static HostArray zeros(DType d, long... shape) {
    return HostArray.zeros(d, shape);
  }

  private static void assertMessage(RuntimeException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }
  }

  @Test
  void wrongInputRank() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(lstm(), zeros(DType.FLOAT32, 2, 3), List.of()));
    assertMessage(e, "my_lstm", "rank 3", "(2, 3)");
  }

  @Test
  void wrongFeatureSize() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(lstm(), zeros(DType.FLOAT32, 2, 5, 7), List.of()));
    assertMessage(e, "my_lstm", "3 features", "(2, 5, 7)");
  }

  /** Keras's Layer.__call__ casts a float input of another dtype; so does the runtime. */
  @Test
  void otherFloatInputIsCastToTheLayerDtype() {
    double[] v = new double[30];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.sin(i) / 3;
    }
    HostArray x64 = HostArray.of(DType.FLOAT64, new long[] {2, 5, 3}, v);
    LSTM layer = lstm();
    assertEquals(Eager.call(layer, HostArray.of(DType.FLOAT32, x64.shape(), v), List.of()),
        Eager.call(layer, x64, List.of()));
  }

  /** An operand of another dtype (the TensorFlow-level API) is refused, not cast. */
  @Test
  void wrongOperandDtype() {
    try (org.tensorflow.EagerSession s = org.tensorflow.EagerSession.create()) {
      org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(s);
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> lstm().call(tf, tf.zeros(tf.constant(new long[] {2, 5, 3}),
              org.tensorflow.types.TFloat64.class), List.of()));
      assertMessage(e, "my_lstm", "float32", "float64");
    }
  }

  @Test
  void wrongNumberOfStates() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(lstm(), zeros(DType.FLOAT32, 2, 5, 3),
            List.of(zeros(DType.FLOAT32, 2, 4))));
    assertMessage(e, "my_lstm", "2 initial state", "given 1");
  }

  @Test
  void wrongStateShape() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(lstm(), zeros(DType.FLOAT32, 2, 5, 3),
            List.of(zeros(DType.FLOAT32, 2, 4), zeros(DType.FLOAT32, 3, 4))));
    assertMessage(e, "my_lstm", "initial state 1", "(2, 4)", "(3, 4)");
  }

  @Test
  void wrongStateDtype() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Eager.call(lstm(), zeros(DType.FLOAT32, 2, 5, 3),
            List.of(zeros(DType.FLOAT32, 2, 4), zeros(DType.FLOAT64, 2, 4))));
    assertMessage(e, "my_lstm", "initial state 1", "float64");
  }

  @Test
  void compiledSignatureIsEnforced() {
    LSTM layer = lstm();
    assertThrows(InvalidInputException.class,
        () -> CompiledLayer.compile(layer, new long[] {2, 5, 9}, List.of()));
    assertThrows(InvalidInputException.class,
        () -> CompiledLayer.compile(layer, new long[] {2, 5, -1}, List.of()));
  }

  @Test
  void weightOfWrongShape() {
    LSTM layer = lstm();
    List<HostArray> w = List.of(zeros(DType.FLOAT32, 3, 16), zeros(DType.FLOAT32, 4, 15),
        zeros(DType.FLOAT32, 16));
    WeightsException e = assertThrows(WeightsException.class, () -> layer.setWeights(w));
    assertMessage(e, "my_lstm", "recurrent_kernel", "(4, 16)", "(4, 15)");
  }

  @Test
  void wrongNumberOfWeights() {
    LSTM layer = lstm();
    WeightsException e = assertThrows(WeightsException.class,
        () -> layer.setWeights(List.of(zeros(DType.FLOAT32, 3, 16))));
    assertMessage(e, "my_lstm", "expected 3 weights", "given 1");
  }

  @Test
  void weightOfWrongDtype() {
    LSTM layer = lstm();
    List<HostArray> w = List.of(zeros(DType.FLOAT64, 3, 16), zeros(DType.FLOAT32, 4, 16),
        zeros(DType.FLOAT32, 16));
    WeightsException e = assertThrows(WeightsException.class, () -> layer.setWeights(w));
    assertMessage(e, "kernel", "float64");
  }
}
