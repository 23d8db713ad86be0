package dev.kerasrnn.layers.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.model.LayerRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the attention readers build and refuse; bad input shapes fail in Java, before any op. */
class AttentionLayersTest {
  private static Layer read(String cls, String config, KerasEra era) throws Exception {
    JsonNode layer = new ObjectMapper().readTree(
        "{\"class_name\": \"" + cls + "\", \"config\": " + config + "}");
    return LayerRegistry.deserialize(layer, era, null);
  }

  @Test
  void readsTheOptions() throws Exception {
    for (KerasEra era : KerasEra.values()) {
      Attention a = assertInstanceOf(Attention.class, read("Attention", "{\"name\": \"att\","
          + " \"use_scale\": true, \"score_mode\": \"concat\", \"dropout\": 0.25}", era));
      assertTrue(a.useScale());
      assertEquals("concat", a.scoreMode());
      assertEquals(0.25, a.dropout());
      AdditiveAttention b = assertInstanceOf(AdditiveAttention.class,
          read("AdditiveAttention", "{\"name\": \"add\"}", era));
      assertTrue(b.useScale(), "AdditiveAttention scales by default");
      assertFalse(((Attention) read("Attention", "{\"name\": \"a\"}", era)).useScale());
    }
  }

  @Test
  void weightsFollowTheOptions() throws Exception {
    Attention a = (Attention) read("Attention", "{\"name\": \"att\", \"use_scale\": true,"
        + " \"score_mode\": \"concat\"}", KerasEra.KERAS_3);
    a.build(List.of(new long[] {2, 3, 4}, new long[] {2, 5, 4}));
    assertEquals(List.of("att/scale", "att/concat_score_weight"),
        a.weights().stream().map(v -> v.path()).toList());
    for (KerasEra era : KerasEra.values()) {
      AdditiveAttention b = (AdditiveAttention) read("AdditiveAttention",
          "{\"name\": \"add\"}", era);
      b.build(List.of(new long[] {2, 3, 4}, new long[] {2, 5, 4}));
      assertEquals(4, b.weights().get(0).shape()[0]);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Attention|{\"name\": \"att\", \"score_mode\": \"general\"}|score_mode",
      "Attention|{\"name\": \"att\", \"causal\": true}|causal",
      "Attention|{\"name\": \"att\", \"seed\": 3}|seed",
      "Attention|{\"name\": \"att\", \"dropout\": 1.5}|dropout",
      "Attention|{\"name\": \"att\", \"dtype\": \"mixed_float16\"}|mixed_float16",
      "AdditiveAttention|{\"name\": \"att\", \"score_mode\": \"dot\"}|score_mode",
      "AdditiveAttention|{\"name\": \"att\", \"causal\": true}|causal",
      "AdditiveAttention|{\"name\": \"att\", \"dtype\": \"float64\"}|float64",
  })
  void refusesNamingLayerAndKey(String cls, String config, String key) {
    for (KerasEra era : KerasEra.values()) {
      ConfigException e = assertThrows(ConfigException.class, () -> read(cls, config, era));
      assertTrue(e.getMessage().contains(key), e.getMessage());
      assertTrue(e.getMessage().contains("'att'"), e.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Attention|2,3,4|2,5,4|2,5,3",
      "Attention|2,3,4|2,5,4|2,6,4",
      "Attention|2,3,4|3,5,4|",
      "Attention|2,3|2,5,4|",
      "Attention|2,3,4,1|2,5,4|",
      "AdditiveAttention|2,3,4|2,5,3|",
  })
  void badShapesAreRefusedAtBuild(String cls, String q, String v, String k) throws Exception {
    Layer l = read(cls, "{\"name\": \"att\"}", KerasEra.KERAS_3);
    List<long[]> shapes = new java.util.ArrayList<>(List.of(dims(q), dims(v)));
    if (k != null) {
      shapes.add(dims(k));
    }
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> l.build(shapes));
    assertTrue(e.getMessage().contains("'att'") || e.getMessage().contains("att"),
        e.getMessage());
    assertFalse(l.isBuilt());
  }

  @Test
  void oneInputIsRefused() throws Exception {
    Layer l = read("Attention", "{\"name\": \"att\"}", KerasEra.KERAS_2);
    assertThrows(InvalidInputException.class, () -> l.build(List.of(new long[] {2, 3, 4})));
  }

  @Test
  void scoresAreASecondOutput() throws Exception {
    Layer l = read("Attention", "{\"name\": \"att\"}", KerasEra.KERAS_2);
    List<long[]> in = List.of(new long[] {2, 3, 4}, new long[] {2, 5, 6}, new long[] {2, 5, 4});
    l.build(in);
    List<long[]> out = l.outputShapes(in, Map.of("return_attention_scores", true));
    assertEquals(2, out.size());
    assertEquals(List.of(2L, 3L, 6L), java.util.Arrays.stream(out.get(0)).boxed().toList());
    assertEquals(List.of(2L, 3L, 5L), java.util.Arrays.stream(out.get(1)).boxed().toList());
    assertEquals(java.util.Set.of("use_causal_mask", "return_attention_scores"), l.callOptions());
  }

  private static final String MHA = "{\"name\": \"att\", \"num_heads\": 2, \"key_dim\": 3";

  @Test
  void readsMultiHeadAttention() throws Exception {
    for (KerasEra era : KerasEra.values()) {
      MultiHeadAttention m = assertInstanceOf(MultiHeadAttention.class, read("MultiHeadAttention",
          MHA + ", \"value_dim\": null, \"attention_axes\": [1], \"dropout\": 0.5}", era));
      assertEquals(2, m.numHeads());
      assertEquals(3, m.valueDim(), "value_dim defaults to key_dim");
      m.build(java.util.Arrays.asList(new long[] {2, 4, 6}, new long[] {2, 5, 6}, null));
      assertEquals(8, m.weights().size());
      assertEquals(List.of(2L, 4L, 6L), java.util.Arrays.stream(m.outputShapes(
          java.util.Arrays.asList(new long[] {2, 4, 6}, new long[] {2, 5, 6})).get(0))
          .boxed().toList());
    }
    MultiHeadAttention t = (MultiHeadAttention) read("MultiHeadAttention",
        MHA + ", \"output_shape\": 5, \"use_bias\": false}", KerasEra.KERAS_2);
    List<long[]> in = java.util.Arrays.asList(new long[] {2, 4, 6}, new long[] {2, 5, 6});
    t.build(in);
    assertEquals(4, t.weights().size());
    List<long[]> out = t.outputShapes(in, Map.of("return_attention_scores", true));
    assertEquals(5L, out.get(0)[2]);
    assertEquals(List.of(2L, 2L, 4L, 5L), java.util.Arrays.stream(out.get(1)).boxed().toList());
    assertEquals(List.of("value", "key", "attention_mask"), t.namedTensorArguments());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "KERAS_3|, \"attention_axes\": [1, 2]}|attention_axes",
      "KERAS_2|, \"attention_axes\": [2]}|attention_axes",
      "KERAS_3|, \"output_shape\": [5]}|output_shape",
      "KERAS_2|, \"output_shape\": [2, 3]}|output_shape",
      "KERAS_3|, \"num_heads\": 0}|num_heads",
      "KERAS_2|, \"lora_rank\": 2}|lora_rank",
      "KERAS_3|, \"dtype\": \"mixed_float16\"}|mixed_float16",
  })
  void multiHeadAttentionRefusesNamingLayerAndKey(KerasEra era, String extra, String key) {
    String config = (MHA + extra).replace("\"num_heads\": 2, \"key_dim\": 3, \"num_heads\": 0",
        "\"key_dim\": 3, \"num_heads\": 0");
    ConfigException e = assertThrows(ConfigException.class,
        () -> read("MultiHeadAttention", config, era));
    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains("'att'"), e.getMessage());
  }

  @Test
  void multiHeadAttentionShapesAreCheckedAtBuild() throws Exception {
    for (KerasEra era : KerasEra.values()) {
      Layer m = read("MultiHeadAttention", MHA + "}", era);
      assertThrows(InvalidInputException.class, () -> m.build(List.of(new long[] {2, 6})));
      assertThrows(InvalidInputException.class, () -> m.build(List.of(new long[] {2, 4, 6},
          new long[] {2, 5, 6, 1})));
      assertThrows(InvalidInputException.class, () -> m.build(List.of(new long[] {2, 4, 6},
          new long[] {2, 5, 6}, new long[] {2, 7, 6})));
      assertThrows(InvalidInputException.class, () -> m.build(List.of(new long[] {2, 4, 6},
          new long[] {2, 5, 6}, new long[] {2, 5, 6}, new long[] {2, 4, 3})));
      assertFalse(m.isBuilt());
    }
    Layer k3 = read("MultiHeadAttention", MHA + "}", KerasEra.KERAS_3);
    assertThrows(InvalidInputException.class, () -> k3.build(List.of(new long[] {2, 4, 6},
        new long[] {2, 5, 3})), "Keras 3 requires query and value of the same last dimension");
  }

  private static final String GQA = "{\"name\": \"att\", \"head_dim\": 2,"
      + " \"num_query_heads\": 4, \"num_key_value_heads\": 2";

  @Test
  void readsGroupedQueryAttentionInKeras3Only() throws Exception {
    GroupedQueryAttention g = assertInstanceOf(GroupedQueryAttention.class,
        read("GroupQueryAttention", GQA + ", \"use_bias\": false}", KerasEra.KERAS_3));
    assertEquals(4, g.numQueryHeads());
    g.build(List.of(new long[] {2, 4, 6}, new long[] {2, 5, 6}));
    assertEquals(4, g.weights().size());
    assertEquals(List.of(6L, 2L, 2L), java.util.Arrays.stream(g.weights().get(1).shape())
        .boxed().toList(), "key kernel (dim, num_key_value_heads, head_dim)");
    assertEquals(java.util.Set.of("use_causal_mask"), g.callOptions(),
        "return_attention_scores is refused");
    ConfigException e = assertThrows(ConfigException.class,
        () -> read("GroupQueryAttention", GQA + "}", KerasEra.KERAS_2));
    assertTrue(e.getMessage().contains("'att'") && e.getMessage().contains("tf-keras"),
        e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      ", \"num_key_value_heads\": 3}|num_query_heads",
      ", \"seed\": 1, \"output_shape\": 3}|output_shape",
      ", \"head_dim\": -1}|head_dim",
      ", \"dtype\": \"mixed_bfloat16\"}|mixed_bfloat16",
  })
  void groupedQueryAttentionRefusesNamingLayerAndKey(String extra, String key) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> read("GroupQueryAttention", GQA + extra, KerasEra.KERAS_3));
    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains("'att'"), e.getMessage());
  }

  @Test
  void groupedQueryAttentionShapesAreCheckedAtBuild() throws Exception {
    Layer g = read("GroupQueryAttention", GQA + "}", KerasEra.KERAS_3);
    assertThrows(InvalidInputException.class, () -> g.build(List.of(new long[] {2, 4, 6},
        new long[] {2, 5, 3})));
    assertThrows(InvalidInputException.class, () -> g.build(List.of(new long[] {2, 4, 6},
        new long[] {2, 5, 6}, new long[] {2, 6, 6})));
    assertThrows(InvalidInputException.class, () -> g.build(List.of(new long[] {4, 6},
        new long[] {2, 5, 6})));
    assertFalse(g.isBuilt());
  }

  /**
   * Keras 3.6 subtracts an unexpanded (batch, Tv) value mask from (batch, Tq, Tv) scores when not
   * causal, which fails unless batch == Tq (or one is 1): refused in Java before any attention op.
   */
  @Test
  void keras3ValueMaskNeedsBatchEqualToQueryLength() throws Exception {
    Layer l = read("Attention", "{\"name\": \"att\"}", KerasEra.KERAS_3);
    l.build(List.of(new long[] {2, 3, 4}, new long[] {2, 5, 4}));
    try (org.tensorflow.EagerSession s = org.tensorflow.EagerSession.create()) {
      org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(s);
      List<org.tensorflow.Operand<?>> in = List.of(tf.zeros(tf.constant(new long[] {2, 3, 4}),
          org.tensorflow.types.TFloat32.class), tf.zeros(tf.constant(new long[] {2, 5, 4}),
          org.tensorflow.types.TFloat32.class));
      List<org.tensorflow.Operand<org.tensorflow.types.TBool>> masks = java.util.Arrays.asList(
          null, tf.fill(tf.constant(new long[] {2, 5}), tf.constant(true)));
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> l.call(tf, in, masks, Map.of()));
      assertTrue(e.getMessage().contains("att") && e.getMessage().contains("batch == Tq"),
          e.getMessage());
      assertEquals(1, l.call(tf, in, masks, Map.of("use_causal_mask", true)).values().size(),
          "with the causal mask Keras 3 expands the value mask");
      Layer t = read("Attention", "{\"name\": \"att\"}", KerasEra.KERAS_2);
      t.build(List.of(new long[] {2, 3, 4}, new long[] {2, 5, 4}));
      assertEquals(2, t.call(tf, in, masks, Map.of("return_attention_scores", true)).values()
          .size(), "tf-keras expands it");
      List<org.tensorflow.Operand<org.tensorflow.types.TBool>> wrong = java.util.Arrays.asList(
          null, tf.fill(tf.constant(new long[] {2, 4}), tf.constant(true)));
      assertThrows(InvalidInputException.class, () -> t.call(tf, in, wrong, Map.of()),
          "a value mask of another length");
    }
  }

  private static long[] dims(String s) {
    return java.util.Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray();
  }
}
