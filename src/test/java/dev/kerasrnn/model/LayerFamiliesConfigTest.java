package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.activations.LeakyReLU;
import dev.kerasrnn.layers.activations.PReLU;
import dev.kerasrnn.layers.activations.ReLU;
import dev.kerasrnn.layers.merging.Dot;
import dev.kerasrnn.layers.preprocessing.Normalization;
import dev.kerasrnn.layers.reshaping.Cropping2D;
import dev.kerasrnn.layers.reshaping.UpSampling2D;
import dev.kerasrnn.layers.reshaping.ZeroPadding2D;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Configs of the activation, merge, preprocessing, regularization and reshaping layers of both
 * eras: read into the layer's arguments, options not implemented refused naming layer and key,
 * input shapes that cannot fit refused before any op runs.
 */
class LayerFamiliesConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Layer read(String cls, String config, KerasEra era) throws Exception {
    ObjectNode layer = JSON.createObjectNode();
    layer.put("class_name", cls);
    layer.set("config", JSON.readTree(config.replace('\'', '"')));
    return LayerRegistry.deserialize(layer, era, null);
  }

  private static void refused(String cls, String config, KerasEra era, String... words) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(cls, config, era));
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
    }
  }

  @Test
  void readsEachErasActivationArguments() throws Exception {
    ReLU r = (ReLU) read("ReLU", "{'name': 'r', 'max_value': null, 'negative_slope': 0.1,"
        + " 'threshold': 0.2}", KerasEra.KERAS_3);
    assertEquals(null, r.maxValue());
    assertEquals(0.1, r.negativeSlope());
    LeakyReLU k3 = (LeakyReLU) read("LeakyReLU", "{'name': 'l', 'negative_slope': 0.25}",
        KerasEra.KERAS_3);
    assertEquals(0.25, k3.negativeSlope());
    LeakyReLU legacy = (LeakyReLU) read("LeakyReLU", "{'name': 'l', 'alpha': 0.5}",
        KerasEra.KERAS_3);
    assertEquals(0.5, legacy.negativeSlope());
    LeakyReLU tfk = (LeakyReLU) read("LeakyReLU", "{'name': 'l', 'alpha': 0.125}",
        KerasEra.KERAS_2);
    assertEquals(0.125, tfk.negativeSlope());
    PReLU p = (PReLU) read("PReLU", "{'name': 'p', 'alpha_initializer': {'class_name': 'Zeros',"
        + " 'config': {}}, 'alpha_regularizer': null, 'alpha_constraint': null, 'shared_axes':"
        + " [1, 2]}", KerasEra.KERAS_2);
    assertArrayEquals(new int[] {1, 2}, p.sharedAxes());
  }

  @Test
  void readsMergeAndReshapingArguments() throws Exception {
    Dot d = (Dot) read("Dot", "{'name': 'd', 'axes': [2, 1], 'normalize': true}",
        KerasEra.KERAS_3);
    assertArrayEquals(new int[] {2, 1}, d.axes());
    assertTrue(d.normalize());
    ZeroPadding2D z = (ZeroPadding2D) read("ZeroPadding2D", "{'name': 'z', 'padding': 2}",
        KerasEra.KERAS_2);
    assertArrayEquals(new int[][] {{2, 2}, {2, 2}}, z.padding());
    Cropping2D c = (Cropping2D) read("Cropping2D", "{'name': 'c', 'cropping': [[1, 0], [2, 3]],"
        + " 'data_format': 'channels_last'}", KerasEra.KERAS_3);
    assertArrayEquals(new int[][] {{1, 0}, {2, 3}}, c.cropping());
    UpSampling2D u = (UpSampling2D) read("UpSampling2D", "{'name': 'u', 'size': [1, 3],"
        + " 'interpolation': 'nearest', 'data_format': 'channels_last'}", KerasEra.KERAS_2);
    assertArrayEquals(new int[] {1, 3}, u.size());
    Normalization n = (Normalization) read("Normalization", "{'name': 'n', 'axis': null,"
        + " 'mean': 0.5, 'variance': 2.0, 'invert': true}", KerasEra.KERAS_2);
    assertArrayEquals(new int[0], n.axis());
    assertTrue(n.invert());
  }

  @Test
  void refusesWhatIsNotImplementedNamingLayerAndKey() {
    refused("UpSampling2D", "{'name': 'up', 'size': [2, 2], 'interpolation': 'bilinear'}",
        KerasEra.KERAS_3, "'up'", "interpolation", "bilinear");
    refused("Softmax", "{'name': 'sm', 'axis': [1, 2]}", KerasEra.KERAS_3, "'sm'", "axis");
    refused("Rescaling", "{'name': 'rs', 'scale': [0.5, 2.0], 'offset': 0.0}", KerasEra.KERAS_3,
        "'rs'", "scale");
    refused("ThresholdedReLU", "{'name': 't', 'theta': 1.0}", KerasEra.KERAS_3, "'t'",
        "tf-keras");
    refused("ZeroPadding2D", "{'name': 'zp', 'padding': 1, 'data_format': 'channels_first'}",
        KerasEra.KERAS_3, "'zp'", "data_format");
    refused("LeakyReLU", "{'name': 'lr', 'negative_slope': 0.2}", KerasEra.KERAS_2, "'lr'",
        "negative_slope");
    refused("Dot", "{'name': 'dot', 'axes': 1, 'normalise': true}", KerasEra.KERAS_3, "'dot'",
        "normalise");
    refused("Normalization", "{'name': 'nm', 'mean': [1.0]}", KerasEra.KERAS_3, "'nm'",
        "variance");
    refused("Normalization", "{'name': 'nm', 'mean': [1.0], 'variance': [1.0], 'dtype':"
        + " 'mixed_float16'}", KerasEra.KERAS_3, "'nm'", "mixed_float16");
    for (String cls : List.of("TextVectorization", "StringLookup", "IntegerLookup", "Hashing",
        "CategoryEncoding")) {
      refused(cls, "{'name': 'pre'}", KerasEra.KERAS_3, "'pre'", cls, "outside the model");
    }
  }

  @Test
  void refusesInputShapesThatCannotFitBeforeAnyOpRuns() throws Exception {
    Layer dot = read("Dot", "{'name': 'd', 'axes': 2}", KerasEra.KERAS_3);
    assertThrows(InvalidInputException.class, () -> dot.build(List.of(new long[] {2, 3, 4},
        new long[] {2, 3, 5})));
    Layer crop = read("Cropping1D", "{'name': 'c', 'cropping': [2, 2]}", KerasEra.KERAS_2);
    assertThrows(InvalidInputException.class, () -> crop.build(List.of(new long[] {2, 4, 3})));
    Layer prelu = read("PReLU", "{'name': 'p', 'shared_axes': [3]}", KerasEra.KERAS_3);
    assertThrows(InvalidInputException.class, () -> prelu.build(List.of(new long[] {2, 4, 3})));
    Layer norm = read("Normalization", "{'name': 'n', 'axis': -1, 'mean': [1.0, 2.0],"
        + " 'variance': [1.0, 1.0]}", KerasEra.KERAS_3);
    assertThrows(InvalidInputException.class, () -> norm.build(List.of(new long[] {2, 4, 3})));
    Layer up = read("UpSampling1D", "{'name': 'u', 'size': 2}", KerasEra.KERAS_3);
    assertThrows(InvalidInputException.class, () -> up.build(List.of(new long[] {2, 4})));
  }
}
