package dev.kerasrnn.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.KerasEra;
import org.junit.jupiter.api.Test;

/** Configs of both eras become layers; anything not understood is refused, never dropped. */
class RnnReadersTest {
  private static JsonNode json(String s) throws Exception {
    return new ObjectMapper().readTree(s.replace('\'', '"'));
  }

  @Test
  void keras3ConfigWithDtypePolicyAndNoImplementation() throws Exception {
    RecurrentLayer layer = RnnReaders.recurrent(json("{'class_name': 'LSTM', 'config': {'name': 'l',"
        + " 'units': 3, 'dtype': {'class_name': 'DTypePolicy', 'config': {'name': 'float64'}},"
        + " 'return_state': true}}"), KerasEra.KERAS_3, null);
    assertEquals(DType.FLOAT64, layer.dtype());
    assertEquals(2, ((LSTM) layer).implementation());
    assertEquals(3, layer.outputCount());
  }

  @Test
  void keras2ConfigCarriesImplementationAndResetAfter() throws Exception {
    RecurrentLayer layer = RnnReaders.recurrent(json("{'class_name': 'GRU', 'config': {'name': 'g',"
        + " 'units': 2, 'dtype': 'float32', 'time_major': false, 'implementation': 1,"
        + " 'reset_after': false, 'recurrent_activation': 'hard_sigmoid'}}"), KerasEra.KERAS_2, 2);
    assertEquals(1, ((GRU) layer).implementation());
    assertEquals(false, ((GRU) layer).cell().resetAfter());
  }

  @Test
  void unsupportedSettingsAreRefusedWithTheLayerName() throws Exception {
    ConfigException timeMajor = assertThrows(ConfigException.class, () -> RnnReaders
        .recurrent(json("{'class_name': 'GRU', 'config': {'name': 'g1', 'units': 2,"
            + " 'time_major': true}}"), KerasEra.KERAS_3, null));
    assertTrue(timeMajor.getMessage().contains("g1")
        && timeMajor.getMessage().contains("time_major"));
    ConfigException key = assertThrows(ConfigException.class, () -> RnnReaders
        .recurrent(json("{'class_name': 'SimpleRNN', 'config': {'name': 's', 'units': 2,"
            + " 'bogus': 1}}"), KerasEra.KERAS_3, null));
    assertTrue(key.getMessage().contains("'bogus'"));
    assertThrows(ConfigException.class, () -> RnnReaders.recurrent(
        json("{'class_name': 'Dense', 'config': {'units': 2}}"), KerasEra.KERAS_3, null));
    assertThrows(ConfigException.class, () -> RnnReaders.recurrent(
        json("{'class_name': 'LSTM', 'config': {'name': 'x', 'units': 0}}"), KerasEra.KERAS_3, null));
  }
}
