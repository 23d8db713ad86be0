package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.KerasEra;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Model configs of both eras: Sequential and Functional graphs, both inbound-node forms, and the
 * refusals (Lambda, custom and unknown classes, cycles, unknown layers, missing fields, huge
 * shapes), all at load, before anything runs.
 */
class ModelConfigTest {
  private static final String LSTM = "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"%s\","
      + " \"units\": 3, \"return_sequences\": true}, \"name\": \"%s\", \"inbound_nodes\": %s}";

  private static String input(String name, String shapeKey) {
    return "{\"class_name\": \"InputLayer\", \"config\": {\"" + shapeKey
        + "\": [null, 4, 2], \"dtype\": \"float32\", \"name\": \"" + name + "\"}, \"name\": \""
        + name + "\", \"inbound_nodes\": []}";
  }

  private static String functional(String layers, String in, String out) {
    return "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": ["
        + layers + "], \"input_layers\": " + in + ", \"output_layers\": " + out + "}}";
  }

  private static String keras3Node(String layer) {
    return "[{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null,"
        + " 4, 2], \"dtype\": \"float32\", \"keras_history\": [\"" + layer
        + "\", 0, 0]}}], \"kwargs\": {\"training\": false, \"mask\": null}}]";
  }

  @Test
  void legacyFunctionalWithSharedLayer() {
    String json = functional(input("x", "batch_input_shape") + ","
        + String.format(LSTM, "l", "l", "[[[\"x\", 0, 0, {}]], [[\"l\", 0, 0, {}]]]"),
        "[[\"x\", 0, 0]]", "[[\"l\", 1, 0]]");
    try (Model m = Model.fromConfig(json, KerasEra.KERAS_2)) {
      assertEquals(List.of("x"), m.inputNames());
      assertEquals(List.of("l"), m.outputNames());
      assertEquals("[-1, 4, 3]", java.util.Arrays.toString(m.outputShapes().get(0)));
      assertEquals(2, m.steps().stream().filter(s -> s.spec().name().equals("l")).count());
    }
  }

  @Test
  void keras3FunctionalAndSingleRefLists() {
    String json = functional(input("x", "batch_shape") + ","
        + String.format(LSTM, "l", "l", keras3Node("x")), "[\"x\", 0, 0]", "[\"l\", 0, 0]");
    try (Model m = Model.fromConfig(json, KerasEra.KERAS_3)) {
      assertEquals(List.of("x"), m.spec().savedLayers().subList(0, 1));
      assertTrue(m.summary().contains("l (LSTM)"));
    }
  }

  @Test
  void sequentialWithoutInputLayerUsesFirstLayersShape() {
    String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"GRU\", \"config\": {\"name\": \"g\", \"units\": 2,"
        + " \"batch_input_shape\": [null, 5, 3]}}]}}";
    try (Model m = Model.fromConfig(json, KerasEra.KERAS_2)) {
      assertEquals(List.of("g_input"), m.inputNames());
      assertEquals(List.of("g"), m.spec().savedLayers());
      assertEquals(3 * 2 * 3 + 2 * 2 * 3 + 2 * 3, m.countParams());
    }
  }

  private static ConfigException refused(String json) {
    return assertThrows(ConfigException.class, () -> Model.fromConfig(json, KerasEra.KERAS_3));
  }

  @Test
  void lambdaIsRefusedNamingLayerAndClass() {
    String lambda = "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"lam\", \"function\":"
        + " \"...\"}, \"name\": \"lam\", \"inbound_nodes\": " + keras3Node("x") + "}";
    ConfigException e = refused(functional(input("x", "batch_shape") + "," + lambda,
        "[[\"x\", 0, 0]]", "[[\"lam\", 0, 0]]"));
    assertTrue(e.getMessage().contains("'lam'") && e.getMessage().contains("Lambda"),
        e.getMessage());
  }

  /** A boolean call argument only reaches layers whose Keras call takes it (Attention's). */
  @Test
  void callOptionsOfOtherLayersAreRefused() {
    String node = keras3Node("x").replace("\"mask\": null", "\"use_causal_mask\": true");
    String lstm = String.format(LSTM, "l", "l", node);
    ConfigException e = refused(functional(input("x", "batch_shape") + "," + lstm,
        "[[\"x\", 0, 0]]", "[[\"l\", 0, 0]]"));
    assertTrue(e.getMessage().contains("'l'") && e.getMessage().contains("use_causal_mask"),
        e.getMessage());
  }

  @Test
  void customAndUnknownClassesAreRefused() {
    String custom = "{\"module\": \"my_pkg\", \"class_name\": \"Mine\", \"registered_name\":"
        + " \"Custom>Mine\", \"config\": {\"name\": \"c\"}, \"name\": \"c\", \"inbound_nodes\": "
        + keras3Node("x") + "}";
    ConfigException e = refused(functional(input("x", "batch_shape") + "," + custom,
        "[[\"x\", 0, 0]]", "[[\"c\", 0, 0]]"));
    assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("Mine"), e.getMessage());
    String unknown = "{\"class_name\": \"Frobnicate\", \"config\": {\"name\": \"u\"}, \"name\":"
        + " \"u\", \"inbound_nodes\": " + keras3Node("x") + "}";
    e = refused(functional(input("x", "batch_shape") + "," + unknown, "[[\"x\", 0, 0]]",
        "[[\"u\", 0, 0]]"));
    assertTrue(e.getMessage().contains("'u'") && e.getMessage().contains("Frobnicate"),
        e.getMessage());
  }

  @Test
  void cyclesAndUnknownInboundLayersAreRefused() {
    String a = String.format(LSTM, "a", "a", keras3Node("b"));
    String b = String.format(LSTM, "b", "b", keras3Node("a"));
    ConfigException e = refused(functional(input("x", "batch_shape") + "," + a + "," + b,
        "[[\"x\", 0, 0]]", "[[\"b\", 0, 0]]"));
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    e = refused(functional(input("x", "batch_shape") + ","
        + String.format(LSTM, "a", "a", keras3Node("ghost")), "[[\"x\", 0, 0]]",
        "[[\"a\", 0, 0]]"));
    assertTrue(e.getMessage().contains("ghost"), e.getMessage());
  }

  @Test
  void missingFieldsAndHugeShapesAreRefused() {
    refused("{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\"}}");
    refused("{\"class_name\": \"Sequential\"}");
    refused("{\"class_name\": \"Lambda\", \"config\": {}}");
    refused(functional(input("x", "batch_shape"), "[[\"x\", 0, 0]]", "[]"));
    String huge = "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null,"
        + " 2000000000, 2000000000], \"name\": \"x\"}, \"name\": \"x\", \"inbound_nodes\": []}";
    ConfigException e = refused(functional(huge, "[[\"x\", 0, 0]]", "[[\"x\", 0, 0]]"));
    assertTrue(e.getMessage().contains("elements"), e.getMessage());
  }
}
