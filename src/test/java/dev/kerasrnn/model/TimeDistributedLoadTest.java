package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.KerasEra;
import org.junit.jupiter.api.Test;

/**
 * TimeDistributed over any layer at load: output shapes, and the refusals of what the library
 * cannot run as Keras does under TimeDistributed (mask-making, stateful and several-output inner
 * layers, a Keras 3 inner dtype policy other than the wrapper's, a mask that may reach an inner
 * layer that cannot take it as the era passes it).
 */
class TimeDistributedLoadTest {
  private static final String MASKING = "{'class_name': 'Masking', 'config': {'name': 'masking',"
      + " 'mask_value': 0.0}}";

  private static String td(String name, String innerClass, String innerConfig) {
    return "{'class_name': 'TimeDistributed', 'config': {'name': '" + name + "', 'layer':"
        + " {'class_name': '" + innerClass + "', 'config': {'name': 'inner_" + name + "'"
        + (innerConfig.isEmpty() ? "" : ", " + innerConfig) + "}}}}";
  }

  /** A Sequential of {@code layers} on input (None, 3, 5, 2) written by {@code era}. */
  private static String sequential(KerasEra era, String... layers) {
    String shapeKey = era == KerasEra.KERAS_3 ? "batch_shape" : "batch_input_shape";
    String input = "{'class_name': 'InputLayer', 'config': {'name': 'x', '" + shapeKey
        + "': [null, 3, 5, 2], 'dtype': 'float32'}}";
    return ("{'class_name': 'Sequential', 'config': {'name': 's', 'layers': [" + input + ", "
        + String.join(", ", layers) + "]}}").replace('\'', '"');
  }

  private static ConfigException refused(KerasEra era, String... layers) {
    return assertThrows(ConfigException.class,
        () -> Model.fromConfig(sequential(era, layers), era).close());
  }

  private static void assertMentions(ConfigException e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> "'" + w + "' missing in " + e.getMessage());
    }
  }

  @Test
  void wrapsConvPoolingAndFlattenInBothEras() {
    for (KerasEra era : KerasEra.values()) {
      String conv = td("td_conv", "Conv1D", "'filters': 3, 'kernel_size': [2],"
          + " 'padding': 'same'");
      String pool = td("td_pool", "MaxPooling1D", "'pool_size': [2], 'strides': [2]");
      String flat = td("td_flat", "Flatten", "");
      try (Model m = Model.fromConfig(sequential(era, conv, pool, flat), era)) {
        assertArrayEquals(new long[] {-1, 3, 6}, m.outputShapes().get(0), era.toString());
      }
    }
  }

  @Test
  void aMaskIntoAnInnerLayerThatCannotTakeItIsRefusedInBothEras() {
    for (KerasEra era : KerasEra.values()) {
      ConfigException e = refused(era, MASKING, td("td_gap", "GlobalAveragePooling1D", ""));
      assertMentions(e, "'td_gap'", "GlobalAveragePooling1D", "masking");
      // Without a mask source the same layer loads.
      try (Model m = Model.fromConfig(sequential(era, td("td_gap", "GlobalAveragePooling1D",
          "")), era)) {
        assertArrayEquals(new long[] {-1, 3, 2}, m.outputShapes().get(0));
      }
    }
  }

  @Test
  void keras3PassesEachStepsMaskToBatchNormalizationOf3dInputOnly() {
    // Keras 3 gives BatchNormalization a (batch,) step mask; on a 4-D input it raises.
    ConfigException e = refused(KerasEra.KERAS_3, MASKING,
        td("td_bn", "BatchNormalization", ""));
    assertMentions(e, "'td_bn'", "BatchNormalization", "Keras 3");
    // tf-keras reshapes the mask with the input and BatchNormalization passes it on.
    try (Model m = Model.fromConfig(sequential(KerasEra.KERAS_2, MASKING,
        td("td_bn", "BatchNormalization", "")), KerasEra.KERAS_2)) {
      assertArrayEquals(new long[] {-1, 3, 5, 2}, m.outputShapes().get(0));
    }
  }

  @Test
  void maskMakingStatefulAndSeveralOutputInnerLayersAreRefused() {
    for (KerasEra era : KerasEra.values()) {
      assertMentions(refused(era, td("td_m", "Masking", "'mask_value': 0.0")), "'td_m'",
          "Masking");
      assertMentions(refused(era, td("td_s", "SimpleRNN", "'units': 2, 'stateful': true")),
          "'td_s'", "stateful");
      assertMentions(refused(era, td("td_r", "GRU", "'units': 2, 'return_state': true")),
          "'td_r'", "outputs");
    }
  }

  /** TimeDistributed over a nested Sequential [Input (5, 2), inner layers] of {@code era}. */
  private static String tdModel(KerasEra era, String... inner) {
    String shapeKey = era == KerasEra.KERAS_3 ? "batch_shape" : "batch_input_shape";
    return "{'class_name': 'TimeDistributed', 'config': {'name': 'td_enc', 'layer':"
        + " {'class_name': 'Sequential', 'config': {'name': 'enc', 'layers': [{'class_name':"
        + " 'InputLayer', 'config': {'name': 'enc_x', '" + shapeKey + "': [null, 5, 2], 'dtype':"
        + " 'float32'}}, " + String.join(", ", inner) + "]}}}}";
  }

  @Test
  void wrapsANestedModelButNoMaskIntoOrInsideIt() {
    String dense = "{'class_name': 'Dense', 'config': {'name': 'enc_dense', 'units': 3}}";
    for (KerasEra era : KerasEra.values()) {
      try (Model m = Model.fromConfig(sequential(era, tdModel(era, dense)), era)) {
        assertArrayEquals(new long[] {-1, 3, 5, 3}, m.outputShapes().get(0), era.toString());
      }
      assertMentions(refused(era, MASKING, tdModel(era, dense)), "'td_enc'", "Sequential");
      assertMentions(refused(era, tdModel(era, MASKING, dense)), "'enc'", "Masking");
    }
  }

  @Test
  void anOuterMaskReachingATimeDistributedInsideANestedModelIsRefused() {
    for (KerasEra era : KerasEra.values()) {
      String shapeKey = era == KerasEra.KERAS_3 ? "batch_shape" : "batch_input_shape";
      String nested = "{'class_name': 'Sequential', 'config': {'name': 'enc', 'layers':"
          + " [{'class_name': 'InputLayer', 'config': {'name': 'enc_x', '" + shapeKey + "':"
          + " [null, 3, 5, 2], 'dtype': 'float32'}}, " + td("td_gap", "GlobalAveragePooling1D", "")
          + "]}}";
      assertMentions(refused(era, MASKING, nested), "'td_gap'", "GlobalAveragePooling1D");
      try (Model m = Model.fromConfig(sequential(era, nested), era)) {
        assertArrayEquals(new long[] {-1, 3, 2}, m.outputShapes().get(0), era.toString());
      }
    }
  }

  @Test
  void keras3RefusesAnInnerDtypePolicyOtherThanTheWrappers() {
    ConfigException e = refused(KerasEra.KERAS_3, td("td_d", "Dense",
        "'units': 2, 'dtype': 'mixed_float16'"));
    assertMentions(e, "'td_d'", "mixed_float16");
  }
}
