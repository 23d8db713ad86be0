package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.convolutional.Conv3D;
import dev.kerasrnn.layers.pooling.MaxPooling3D;
import dev.kerasrnn.layers.rnn.ConvLSTM2D;
import dev.kerasrnn.layers.rnn.RecurrentAdapter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import java.util.List;

/** What the readers of ConvLSTM*, Conv2D/3D and 2-D/3-D pooling build, and what they refuse. */
class ConvLayersConfigTest {
  private static Layer read(String cls, String config, KerasEra era) throws Exception {
    JsonNode layer = new ObjectMapper().readTree(
        "{\"class_name\": \"" + cls + "\", \"config\": " + config + "}");
    return LayerRegistry.deserialize(layer, era, null);
  }

  @Test
  void buildsTheLayers() throws Exception {
    Layer l = read("ConvLSTM2D", "{\"name\": \"c\", \"filters\": 2, \"kernel_size\": [3, 3]}",
        KerasEra.KERAS_3);
    assertInstanceOf(ConvLSTM2D.class, ((RecurrentAdapter) l).layer());
    assertInstanceOf(Conv3D.class, read("Conv3D",
        "{\"name\": \"k\", \"filters\": 2, \"kernel_size\": 3}", KerasEra.KERAS_2));
    assertInstanceOf(MaxPooling3D.class, read("MaxPooling3D",
        "{\"name\": \"p\", \"pool_size\": [2, 2, 1]}", KerasEra.KERAS_3));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ConvLSTM2D|{\"name\": \"c\", \"filters\": 2, \"kernel_size\": [3, 3, 3]}|kernel_size",
      "ConvLSTM2D|{\"name\": \"c\", \"filters\": 2, \"kernel_size\": 3, \"data_format\": \"channels_middle\"}|data_format",
      "ConvLSTM1D|{\"name\": \"c\", \"filters\": 2, \"kernel_size\": 3, \"padding\": \"causal\"}|padding",
      "ConvLSTM3D|{\"name\": \"c\", \"filters\": 2, \"kernel_size\": 2, \"strides\": 2, \"dilation_rate\": 2}|dilation_rate",
      "ConvLSTM2D|{\"name\": \"c\", \"filters\": 2, \"kernel_size\": 3, \"units\": 4}|units",
      "Conv2D|{\"name\": \"k\", \"filters\": 2, \"kernel_size\": 3, \"groups\": 2}|groups",
      "Conv3D|{\"name\": \"k\", \"filters\": 2, \"kernel_size\": 3, \"data_format\": \"channels_first\"}|data_format",
      "Conv2D|{\"name\": \"k\", \"filters\": 2, \"kernel_size\": 3, \"padding\": \"causal\"}|padding",
      "AveragePooling2D|{\"name\": \"p\", \"pool_size\": 2, \"data_format\": \"channels_first\"}|data_format",
  })
  void refusesNamingLayerAndKey(String cls, String config, String key) {
    for (KerasEra era : KerasEra.values()) {
      ConfigException e = assertThrows(ConfigException.class, () -> read(cls, config, era));
      assertTrue(e.getMessage().contains(key), e.getMessage());
      assertTrue(e.getMessage().contains("'c'") || e.getMessage().contains("'k'")
          || e.getMessage().contains("'p'") || e.getMessage().contains("'b'"), e.getMessage());
    }
  }

  @Test
  void channelsFirstIsTfKerasOnly() throws Exception {
    String config = "{\"name\": \"c\", \"filters\": 2, \"kernel_size\": 3,"
        + " \"data_format\": \"channels_first\"}";
    ConvLSTM2D tfKeras = (ConvLSTM2D) ((RecurrentAdapter) read("ConvLSTM2D", config,
        KerasEra.KERAS_2)).layer();
    assertTrue(tfKeras.cell().channelsFirst());
    ConfigException e = assertThrows(ConfigException.class,
        () -> read("ConvLSTM2D", config, KerasEra.KERAS_3));
    assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("data_format")
        && e.getMessage().contains("Keras 3 itself cannot run"), e.getMessage());
  }

  @Test
  void statefulConvLstmKeepsStatesOfTheStepShape() throws Exception {
    ConvLSTM2D layer = (ConvLSTM2D) ((RecurrentAdapter) read("ConvLSTM2D",
        "{\"name\": \"c\", \"filters\": 2, \"kernel_size\": 3, \"stateful\": true}",
        KerasEra.KERAS_3)).layer();
    assertThrows(InvalidInputException.class, () -> layer.build(-1, 3, 5, 6, 1));
    layer.build(4, 3, 5, 6, 1);
    assertEquals(List.of("(4, 3, 4, 2)", "(4, 3, 4, 2)"),
        layer.states().stream().map(h -> HostArray.shapeString(h.shape())).toList());
    InvalidInputException wrong = assertThrows(InvalidInputException.class,
        () -> layer.setStates(List.of(HostArray.zeros(DType.FLOAT32, 4, 2),
            HostArray.zeros(DType.FLOAT32, 4, 2))));
    assertTrue(wrong.getMessage().contains("(4, 3, 4, 2)"), wrong.getMessage());
    InvalidInputException batch = assertThrows(InvalidInputException.class,
        () -> layer.checkInputs(new long[] {2, 3, 5, 6, 1}, DType.FLOAT32, List.of(), List.of(),
            null));
    assertTrue(batch.getMessage().contains("batch size 4"), batch.getMessage());
  }
}
