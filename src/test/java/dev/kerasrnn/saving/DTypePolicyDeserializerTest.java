package dev.kerasrnn.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.layers.rnn.RNN;
import dev.kerasrnn.layers.rnn.RnnReaders;
import org.junit.jupiter.api.Test;

/** A config's dtype in every form Keras 3 and tf-keras write it. */
class DTypePolicyDeserializerTest {
  private static JsonNode json(String s) throws Exception {
    return new ObjectMapper().readTree(s.replace('\'', '"'));
  }

  private static DTypePolicy parse(String s) throws Exception {
    return DTypePolicyDeserializer.deserialize(json(s), "l");
  }

  @Test
  void everyFormKerasWrites() throws Exception {
    assertEquals(DTypePolicy.of(DType.FLOAT16), parse("'float16'"));
    assertEquals(DTypePolicy.MIXED_FLOAT16, parse("'mixed_float16'"));
    assertEquals(DTypePolicy.MIXED_BFLOAT16, parse("{'module': 'keras', 'class_name':"
        + " 'DTypePolicy', 'config': {'name': 'mixed_bfloat16'}, 'registered_name': null}"));
    assertEquals(DTypePolicy.of(DType.BFLOAT16),
        parse("{'class_name': 'DTypePolicy', 'config': {'name': 'bfloat16'}}"));
    assertEquals(DTypePolicy.MIXED_FLOAT16, parse("{'module': 'keras.mixed_precision',"
        + " 'class_name': 'Policy', 'config': {'name': 'mixed_float16'}, 'registered_name': null}"));
    assertEquals(DTypePolicy.FLOAT32, parse("null"));
    assertEquals(DTypePolicy.FLOAT32, DTypePolicyDeserializer.deserialize(null, "l"));
  }

  @Test
  void unsupportedPoliciesAreRefusedNamingTheLayer() {
    ConfigException q = assertThrows(ConfigException.class, () -> parse("{'class_name':"
        + " 'QuantizedDTypePolicy', 'config': {'mode': 'int8', 'source_name': 'float32'}}"));
    assertTrue(q.getMessage().contains("'l'") && q.getMessage().contains("QuantizedDTypePolicy"),
        q.getMessage());
    ConfigException n = assertThrows(ConfigException.class, () -> parse("'_infer'"));
    assertTrue(n.getMessage().contains("_infer"), n.getMessage());
    assertThrows(ConfigException.class, () -> parse("{'class_name': 'Policy', 'config': {}}"));
    assertThrows(ConfigException.class, () -> parse("3"));
  }

  @Test
  void mixedLayerFromConfig() throws Exception {
    RNN layer = (RNN) RnnReaders.recurrent(json("{'class_name': 'LSTM', 'config':"
        + " {'name': 'l', 'units': 3, 'dtype': {'class_name': 'DTypePolicy', 'config':"
        + " {'name': 'mixed_float16'}}}}"), KerasEra.KERAS_3, null);
    assertEquals(DType.FLOAT16, layer.dtype());
    layer.build(2, 4, 5);
    layer.trainableVariables().forEach(v -> assertEquals(DType.FLOAT32, v.dtype()));
    assertEquals(DTypePolicy.MIXED_FLOAT16, ((LSTM) layer).cell().dtypePolicy());
  }
}
