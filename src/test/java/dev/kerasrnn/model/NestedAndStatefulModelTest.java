package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.runtime.TensorSpec;
import dev.kerasrnn.serving.ServedModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/**
 * Nested models and stateful layers in whole models beyond the generated Keras cases: masks into
 * and out of a nested model, what is refused at load (a tf-keras nested Sequential without an
 * InputLayer, node references before a nested model's first saved call, stateful layers shared,
 * given initial states, nested or without a static batch size), and how a stateful model keeps,
 * resets and refuses.
 */
class NestedAndStatefulModelTest {
  private static String input(String name, String batch) {
    return "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [" + batch
        + ", 4, 2], \"dtype\": \"float32\", \"name\": \"" + name + "\"}, \"name\": \"" + name
        + "\", \"inbound_nodes\": []}";
  }

  private static String functional(String layers, String in, String out) {
    return "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": ["
        + layers + "], \"input_layers\": " + in + ", \"output_layers\": " + out + "}}";
  }

  private static String node(String layer, int n) {
    return "[[[\"" + layer + "\", " + n + ", 0, {}]]]";
  }

  /** A tf-keras nested Sequential {@code enc}: [InputLayer?, extra?, LSTM(3, seq)]. */
  private static String encoder(boolean withInput, String extra, String nodes) {
    String in = withInput ? "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\":"
        + " [null, 4, 2], \"dtype\": \"float32\", \"name\": \"ei\"}}, " : "";
    String first = withInput ? "" : ", \"batch_input_shape\": [null, 4, 2]";
    return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"enc\", \"layers\": [" + in
        + extra + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"el\", \"units\": 3,"
        + " \"return_sequences\": true" + first + "}}]}, \"name\": \"enc\", \"inbound_nodes\": "
        + nodes + "}";
  }

  private static String lstm(String name, String extra, String nodes) {
    return "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"" + name + "\", \"units\": 3"
        + extra + "}, \"name\": \"" + name + "\", \"inbound_nodes\": " + nodes + "}";
  }

  private static HostArray ramp(long batch, float scale) {
    float[] v = new float[(int) batch * 8];
    for (int i = 0; i < v.length; i++) {
      v[i] = scale * ((i % 7) - 3) / 3f;
    }
    return HostArray.ofFloats(new long[] {batch, 4, 2}, v);
  }

  @Test
  void nestedSequentialSharedByTwoCallsRunsEachCall() {
    String json = functional(input("a", "null") + "," + input("b", "null") + ","
        + encoder(true, "", "[[[\"a\", 0, 0, {}]], [[\"b\", 0, 0, {}]]]"),
        "[[\"a\", 0, 0], [\"b\", 0, 0]]", "[[\"enc\", 1, 0], [\"enc\", 2, 0]]");
    try (Model m = Model.fromConfig(json, KerasEra.KERAS_2)) {
      HostArray a = ramp(2, 1f);
      HostArray b = ramp(2, -0.5f);
      List<HostArray> y = m.predictEager(List.of(a, b));
      assertEquals(2, y.size());
      assertFalse(java.util.Arrays.equals(y.get(0).toDoubleArray(), y.get(1).toDoubleArray()),
          "the two calls read different inputs");
      // The shared weights: calling on (b, a) swaps the outputs bit for bit.
      List<HostArray> swapped = m.predict(List.of(b, a));
      assertArrayEquals(y.get(0).toDoubleArray(), swapped.get(1).toDoubleArray());
      assertArrayEquals(y.get(1).toDoubleArray(), swapped.get(0).toDoubleArray());
      assertEquals(3 * (4 * (2 + 3 + 1)), m.countParams(), "one LSTM(3) of 2 features");
    }
  }

  @Test
  void tfKerasReferencesBeforeTheNestedModelsFirstSavedCallAreRefused() {
    // tf-keras numbers a nested Sequential-with-Input's calls from 1; node 0 is its own.
    String json = functional(input("a", "null") + "," + encoder(true, "", node("a", 0)),
        "[[\"a\", 0, 0]]", "[[\"enc\", 0, 0]]");
    ConfigException e = assertThrows(ConfigException.class,
        () -> Model.fromConfig(json, KerasEra.KERAS_2));
    assertTrue(e.getMessage().contains("numbered from 1"), e.getMessage());
  }

  @Test
  void tfKerasNestedSequentialWithoutInputLayerIsRefused() {
    String json = functional(input("a", "null") + "," + encoder(false, "", node("a", 0)),
        "[[\"a\", 0, 0]]", "[[\"enc\", 0, 0]]");
    ConfigException e = assertThrows(ConfigException.class,
        () -> Model.fromConfig(json, KerasEra.KERAS_2));
    assertTrue(e.getMessage().contains("no InputLayer"), e.getMessage());
  }

  /** Row 0 of a (2, 4, 2) batch with its last two steps +0.0 (masked by Masking(0.0)). */
  private static HostArray trailingZeros() {
    HostArray r = ramp(2, 1f);
    float[] v = new float[16];
    for (int i = 0; i < 16; i++) {
      v[i] = i >= 4 && i < 8 ? 0f : (float) r.toDoubleArray()[i] + 0.25f;
    }
    return HostArray.ofFloats(new long[] {2, 4, 2}, v);
  }

  /** Output row 0's steps 1 and 3 of a (2, 4, 3) sequence: equal when steps 2, 3 are masked. */
  private static void assertMaskedStepsRepeat(HostArray y) {
    double[] d = y.toDoubleArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(d, 3, 6),
        java.util.Arrays.copyOfRange(d, 9, 12), "masked steps repeat the last unmasked output");
    assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(d, 0, 3),
        java.util.Arrays.copyOfRange(d, 3, 6)), "unmasked steps differ");
  }

  @Test
  void masksGoIntoAndOutOfNestedModels() {
    String masking = "{\"class_name\": \"Masking\", \"config\": {\"name\": \"m\", \"mask_value\":"
        + " 0.0}, \"name\": \"m\", \"inbound_nodes\": " + node("a", 0) + "}";
    String into = functional(input("a", "null") + "," + masking + "," + encoder(true, "",
        node("m", 0)), "[[\"a\", 0, 0]]", "[[\"enc\", 1, 0]]");
    try (Model m = Model.fromConfig(into, KerasEra.KERAS_2)) {
      assertMaskedStepsRepeat(m.predictEager(List.of(trailingZeros())).get(0));
    }
    String innerMasking = "{\"class_name\": \"Masking\", \"config\": {\"name\": \"im\","
        + " \"mask_value\": 0.0}}, ";
    String outOf = functional(input("a", "null") + "," + encoder(true, innerMasking,
        node("a", 0)) + "," + lstm("l", ", \"return_sequences\": true", node("enc", 1)),
        "[[\"a\", 0, 0]]", "[[\"l\", 0, 0]]");
    try (Model m = Model.fromConfig(outOf, KerasEra.KERAS_2)) {
      assertMaskedStepsRepeat(m.predictEager(List.of(trailingZeros())).get(0));
      assertMaskedStepsRepeat(m.predict(List.of(trailingZeros())).get(0));
    }
  }

  @Test
  void anExplicitMaskIntoANestedModelOfSeveralInputsIsRefused() {
    String pairIn = "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\":"
        + " [null, 4, 2], \"dtype\": \"float32\", \"name\": \"%s\"}, \"name\": \"%s\","
        + " \"inbound_nodes\": []}";
    String concat = "{\"class_name\": \"Concatenate\", \"config\": {\"name\": \"c\"}, \"name\":"
        + " \"c\", \"inbound_nodes\": [[[\"px\", 0, 0, {}], [\"py\", 0, 0, {}]]]}";
    String pair = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"pair\", \"layers\": ["
        + String.format(pairIn, "px", "px") + ", " + String.format(pairIn, "py", "py") + ", "
        + concat + "], \"input_layers\": [[\"px\", 0, 0], [\"py\", 0, 0]], \"output_layers\":"
        + " [[\"c\", 0, 0]]}, \"name\": \"pair\", \"inbound_nodes\": [[[\"a\", 0, 0, {\"mask\":"
        + " [\"m\", 0, 0]}], [\"b\", 0, 0, {}]]]}";
    String mask = "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\":"
        + " [null, 4], \"dtype\": \"bool\", \"name\": \"m\"}, \"name\": \"m\","
        + " \"inbound_nodes\": []}";
    String json = functional(input("a", "null") + "," + input("b", "null") + "," + mask + ","
        + pair, "[[\"a\", 0, 0], [\"b\", 0, 0], [\"m\", 0, 0]]", "[[\"pair\", 1, 0]]");
    ConfigException e = assertThrows(ConfigException.class,
        () -> Model.fromConfig(json, KerasEra.KERAS_2));
    assertTrue(e.getMessage().contains("'pair'") && e.getMessage().contains("explicit mask"),
        e.getMessage());
  }

  private static String statefulModel(String batch) {
    return functional(input("x", batch) + "," + lstm("s", ", \"stateful\": true,"
        + " \"return_sequences\": true", node("x", 0)), "[[\"x\", 0, 0]]", "[[\"s\", 0, 0]]");
  }

  @Test
  void statefulModelCarriesItsStatesAndResets() {
    try (Model m = Model.fromConfig(statefulModel("2"), KerasEra.KERAS_2)) {
      assertTrue(m.hasStatefulLayers());
      HostArray x = ramp(2, 1f);
      double[] first = m.predictEager(List.of(x)).get(0).toDoubleArray();
      double[] second = m.predictEager(List.of(x)).get(0).toDoubleArray();
      assertFalse(java.util.Arrays.equals(first, second), "the second call continues");
      m.resetStates();
      assertArrayEquals(first, m.predict(List.of(x)).get(0).toDoubleArray(),
          "compiled after a reset: the first call again");
      assertArrayEquals(second, m.predict(List.of(x)).get(0).toDoubleArray(),
          "compiled: continues as eager did");
      InvalidInputException bad = assertThrows(InvalidInputException.class,
          () -> m.predict(List.of(ramp(3, 1f))));
      assertTrue(bad.getMessage().contains("(2, 4, 2)"), bad.getMessage());
      assertThrows(ConfigException.class,
          () -> m.compile(List.of(new TensorSpec(TFloat32.class, new long[] {2, 4, 2}))));
    }
  }

  @Test
  void statefulModelsAreNotServed() {
    Model m = Model.fromConfig(statefulModel("2"), KerasEra.KERAS_2);
    try (m) {
      ConfigException e = assertThrows(ConfigException.class, () -> ServedModel.of("s", m));
      assertTrue(e.getMessage().contains("stateful"), e.getMessage());
    }
  }

  @Test
  void statefulLayersNeedAStaticBatchSize() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Model.fromConfig(statefulModel("null"), KerasEra.KERAS_2));
    assertTrue(e.getMessage().contains("static batch size"), e.getMessage());
  }

  @Test
  void sharedStatefulLayersAndStatefulInitialStatesAreRefused() {
    String shared = functional(input("x", "2") + "," + lstm("s", ", \"stateful\": true,"
        + " \"return_sequences\": true", "[[[\"x\", 0, 0, {}]], [[\"s\", 0, 0, {}]]]"),
        "[[\"x\", 0, 0]]", "[[\"s\", 1, 0]]");
    ConfigException e = assertThrows(ConfigException.class,
        () -> Model.fromConfig(shared, KerasEra.KERAS_2));
    assertTrue(e.getMessage().contains("called 2 times"), e.getMessage());
    String withState = functional(input("x", "2") + "," + lstm("e", ", \"return_state\": true",
        node("x", 0)) + "," + lstm("s", ", \"stateful\": true",
        "[[[\"x\", 0, 0, {}], [\"e\", 0, 1, {}], [\"e\", 0, 2, {}]]]"), "[[\"x\", 0, 0]]",
        "[[\"s\", 0, 0]]");
    e = assertThrows(ConfigException.class, () -> Model.fromConfig(withState, KerasEra.KERAS_2));
    assertTrue(e.getMessage().contains("initial_state"), e.getMessage());
  }

  @Test
  void statefulLayersInsideNestedModelsAreRefused() {
    String inner = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"enc\", \"layers\":"
        + " [{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [2, 4, 2],"
        + " \"dtype\": \"float32\", \"name\": \"ei\"}}, {\"class_name\": \"LSTM\", \"config\":"
        + " {\"name\": \"el\", \"units\": 3, \"stateful\": true}}]}, \"name\": \"enc\","
        + " \"inbound_nodes\": " + node("x", 0) + "}";
    String json = functional(input("x", "2") + "," + inner, "[[\"x\", 0, 0]]",
        "[[\"enc\", 1, 0]]");
    ConfigException e = assertThrows(ConfigException.class,
        () -> Model.fromConfig(json, KerasEra.KERAS_2));
    assertTrue(e.getMessage().contains("stateful"), e.getMessage());
  }

  @Test
  void floatInputsOfAnotherDtypeStillFeedANestedModel() {
    String json = functional(input("a", "null") + "," + encoder(true, "", node("a", 0)),
        "[[\"a\", 0, 0]]", "[[\"enc\", 1, 0]]");
    try (Model m = Model.fromConfig(json, KerasEra.KERAS_2)) {
      HostArray x = ramp(1, 1f);
      HostArray x64 = HostArray.of(DType.FLOAT64, x.shape(), x.toDoubleArray());
      assertArrayEquals(m.predict(List.of(x)).get(0).toDoubleArray(),
          m.predictEager(List.of(x64)).get(0).toDoubleArray());
    }
  }

  @Test
  void embeddingIdsAreCheckedThroughANestedModel() {
    String ids = "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null,"
        + " 4], \"dtype\": \"int32\", \"name\": \"ids\"}, \"name\": \"ids\","
        + " \"inbound_nodes\": []}";
    String inner = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"enc\", \"layers\":"
        + " [{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 4],"
        + " \"dtype\": \"int32\", \"name\": \"ei\"}}, {\"class_name\": \"Embedding\","
        + " \"config\": {\"name\": \"e\", \"input_dim\": 5, \"output_dim\": 2}}]},"
        + " \"name\": \"enc\", \"inbound_nodes\": " + node("ids", 0) + "}";
    String json = functional(ids + "," + inner, "[[\"ids\", 0, 0]]", "[[\"enc\", 1, 0]]");
    try (Model m = Model.fromConfig(json, KerasEra.KERAS_2)) {
      assertEquals(1, m.predict(List.of(IntArray.of(new long[] {1, 4}, 0, 1, 2, 4))).size());
      assertThrows(InvalidInputException.class,
          () -> m.predictEager(List.of(IntArray.of(new long[] {1, 4}, 0, 1, 2, 7))));
    }
  }
}
