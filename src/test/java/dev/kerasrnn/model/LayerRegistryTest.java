package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.convolutional.Conv1D;
import dev.kerasrnn.layers.core.Dense;
import dev.kerasrnn.layers.normalization.BatchNormalization;
import dev.kerasrnn.layers.rnn.TimeDistributed;
import org.junit.jupiter.api.Test;

/** Config key sets of both eras, refusals naming layer and key, unknown classes refused. */
class LayerRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  /** {@code LayerRegistry.deserialize} of {@code {"class_name": cls, "config": config}}. */
  private static Layer read(String cls, JsonNode config, KerasEra era) {
    ObjectNode layer = JSON.createObjectNode();
    layer.put("class_name", cls);
    layer.set("config", config);
    return LayerRegistry.deserialize(layer, era, null);
  }

  @Test
  void readsBothErasDenseConfigs() throws Exception {
    JsonNode k3 = json("{'name': 'dense', 'trainable': true, 'dtype': {'module': 'keras',"
        + " 'class_name': 'DTypePolicy', 'config': {'name': 'float64'}, 'registered_name': null},"
        + " 'units': 4, 'activation': 'tanh', 'use_bias': false, 'kernel_initializer':"
        + " {'module': 'keras.initializers', 'class_name': 'GlorotUniform', 'config': {'seed':"
        + " null}, 'registered_name': null}, 'bias_initializer': null, 'kernel_regularizer': null,"
        + " 'bias_regularizer': null, 'kernel_constraint': null, 'bias_constraint': null}");
    Dense d = (Dense) read("Dense", k3, KerasEra.KERAS_3);
    assertEquals(4, d.units());
    assertEquals("tanh", d.activation().name());
    assertEquals("float64", d.dtypePolicy().name());
    JsonNode k2 = json("{'name': 'dense', 'trainable': true, 'dtype': 'float32', 'units': 2,"
        + " 'activation': 'linear', 'use_bias': true, 'kernel_initializer': {'class_name':"
        + " 'GlorotUniform', 'config': {'seed': null}}, 'bias_initializer': {'class_name':"
        + " 'Zeros', 'config': {}}, 'kernel_regularizer': null, 'bias_regularizer': null,"
        + " 'activity_regularizer': null, 'kernel_constraint': null, 'bias_constraint': null,"
        + " 'batch_input_shape': [null, 3]}");
    assertEquals(KerasEra.KERAS_2,
        ((Dense) read("Dense", k2, KerasEra.KERAS_2)).era());
  }

  @Test
  void readsWrappersListsAndDefaults() throws Exception {
    JsonNode td = json("{'name': 'td', 'layer': {'class_name': 'Dense', 'config': {'name':"
        + " 'inner', 'units': 3}}}");
    TimeDistributed t = (TimeDistributed) read("TimeDistributed", td,
        KerasEra.KERAS_3);
    assertEquals("inner", t.layer().name());
    Conv1D c = (Conv1D) read("Conv1D", json("{'name': 'c',"
        + " 'filters': 2, 'kernel_size': [3], 'strides': [1], 'padding': 'causal',"
        + " 'dilation_rate': [2], 'groups': 1, 'data_format': 'channels_last'}"),
        KerasEra.KERAS_2);
    assertEquals(Conv1D.Padding.CAUSAL, c.padding());
    assertEquals(2, c.dilationRate());
    BatchNormalization bn = (BatchNormalization) read(
        "BatchNormalization", json("{'name': 'bn', 'axis': [2], 'center': false}"),
        KerasEra.KERAS_2);
    assertEquals(2, bn.axis());
    assertThrows(ConfigException.class, () -> read("Lambda", json("{}"), KerasEra.KERAS_3));
    assertThrows(ConfigException.class, () -> read("NoSuchLayer", json("{}"), KerasEra.KERAS_3));
  }

  @Test
  void refusesUnknownKeysAndUnsupportedValuesNamingLayerAndKey() throws Exception {
    String[][] bad = {
        {"Dense", "{'name': 'd1', 'units': 2, 'surprise': 1}", "surprise"},
        {"Dense", "{'name': 'd1', 'units': 2, 'lora_rank': 4}", "lora_rank"},
        {"Dense", "{'name': 'd1', 'units': 0}", "units"},
        {"Dense", "{'name': 'd1', 'units': 2, 'activation': 'nope'}", "activation"},
        {"Conv1D", "{'name': 'd1', 'filters': 2, 'kernel_size': 3, 'groups': 2}", "groups"},
        {"Conv1D", "{'name': 'd1', 'filters': 2, 'kernel_size': 3, 'padding': 'full'}",
            "padding"},
        {"Conv1D", "{'name': 'd1', 'filters': 2, 'kernel_size': 3, 'data_format':"
            + " 'channels_first'}", "data_format"},
        {"LayerNormalization", "{'name': 'd1', 'rms_scaling': true}", "rms_scaling"},
        {"BatchNormalization", "{'name': 'd1', 'renorm': true}", "renorm"},
        {"TimeDistributed", "{'name': 'd1', 'layer': {'class_name': 'Lambda', 'config': {}}}",
            "layer"},
        {"Dropout", "{'name': 'd1', 'rate': 1.5}", "rate"},
        {"LayerNormalization", "{'name': 'd1', 'dtype': 'float16'}", "float16"},
    };
    for (String[] b : bad) {
      KerasEra era = b[2].equals("float16") ? KerasEra.KERAS_2 : KerasEra.KERAS_3;
      ConfigException e = assertThrows(ConfigException.class,
          () -> read(b[0], json(b[1]), era), b[1]);
      assertTrue(e.getMessage().contains("d1") && e.getMessage().contains(b[2]), e.getMessage());
    }
    assertInstanceOf(Dense.class, read("Dense",
        json("{'name': 'ok', 'units': 1}"), KerasEra.KERAS_3));
  }
}
