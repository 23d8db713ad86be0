package dev.kerasrnn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.convolutional.Conv1DTranspose;
import dev.kerasrnn.layers.convolutional.Conv2DTranspose;
import dev.kerasrnn.layers.convolutional.DepthwiseConv1D;
import dev.kerasrnn.layers.convolutional.DepthwiseConv2D;
import dev.kerasrnn.layers.convolutional.SeparableConv1D;
import dev.kerasrnn.layers.convolutional.SeparableConv2D;
import dev.kerasrnn.layers.pooling.GlobalAveragePooling2D;
import dev.kerasrnn.layers.pooling.GlobalMaxPooling3D;
import dev.kerasrnn.model.LayerRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Global 2-D/3-D pooling, depthwise, separable and transposed convolutions: config reading (what
 * is refused names the layer and the key), shapes, weights, op sequences per era, bad inputs.
 */
class ConvPoolingFamilyTest {
  private static final KerasEra K2 = KerasEra.KERAS_2;
  private static final KerasEra K3 = KerasEra.KERAS_3;

  private static long[] s(long... v) {
    return v;
  }

  private static Layer read(String cls, String config, KerasEra era) throws Exception {
    return LayerRegistry.deserialize(new ObjectMapper().readTree(
        "{\"class_name\": \"" + cls + "\", \"config\": " + config + "}"), era, null);
  }

  /** The non-Const op types a call adds to a graph, in order. */
  private static List<String> opTypes(Layer layer, long[] shape) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Operand<?>> in = List.of(tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(shape))));
      layer.build(List.of(shape));
      int before = 0;
      for (var it = g.operations(); it.hasNext(); it.next()) {
        before++;
      }
      List<Operand<TBool>> masks = new ArrayList<>();
      masks.add(null);
      layer.call(tf, in, masks);
      List<String> ops = new ArrayList<>();
      int i = 0;
      for (var it = g.operations(); it.hasNext();) {
        GraphOperation op = (GraphOperation) it.next();
        if (i++ >= before && !op.type().equals("Const")) {
          ops.add(op.type());
        }
      }
      return ops;
    }
  }

  @Test
  void readsTheLayers() throws Exception {
    assertInstanceOf(GlobalAveragePooling2D.class, read("GlobalAveragePooling2D",
        "{\"name\": \"p\", \"data_format\": \"channels_first\", \"keepdims\": true}", K3));
    assertInstanceOf(GlobalMaxPooling3D.class, read("GlobalMaxPooling3D",
        "{\"name\": \"p\"}", K2));
    assertInstanceOf(DepthwiseConv2D.class, read("DepthwiseConv2D", "{\"name\": \"d\","
        + " \"kernel_size\": [3, 3], \"depth_multiplier\": 2, \"groups\": 1}", K2));
    assertInstanceOf(SeparableConv1D.class, read("SeparableConv1D", "{\"name\": \"d\","
        + " \"filters\": 3, \"kernel_size\": [3], \"kernel_initializer\": null}", K2));
    Layer t = read("Conv2DTranspose", "{\"name\": \"t\", \"filters\": 3, \"kernel_size\": 3,"
        + " \"strides\": [2, 2], \"output_padding\": [0, 1]}", K2);
    assertArrayEquals(new int[] {0, 1}, ((Conv2DTranspose) t).outputPadding());
    String causal = "{\"name\": \"p\", \"filters\": 2, \"kernel_size\": 3, \"dilation_rate\": 2,"
        + " \"padding\": \"causal\"}";
    SeparableConv1D sep = (SeparableConv1D) read("SeparableConv1D", causal, K2);
    assertTrue(sep.causalPadding());
    assertArrayEquals(s(-1, 7, 2), sep.outputShapes(List.of(s(-1, 7, 3))).get(0));
    assertEquals(List.of("Pad", "ExpandDims", "ExpandDims", "ExpandDims", "SpaceToBatchND",
        "DepthwiseConv2dNative", "BatchToSpaceND", "Conv2D", "BiasAdd", "Squeeze"),
        opTypes(sep, s(2, 7, 3)));
    ConfigException e = assertThrows(ConfigException.class,
        () -> read("SeparableConv1D", causal, K3));
    assertTrue(e.getMessage().contains("'p'") && e.getMessage().contains("padding"),
        e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "GlobalAveragePooling2D|{\"name\": \"p\", \"data_format\": \"channels_middle\"}|data_format",
      "GlobalMaxPooling2D|{\"name\": \"p\", \"pool_size\": 2}|pool_size",
      "DepthwiseConv2D|{\"name\": \"p\", \"kernel_size\": 3, \"data_format\": \"channels_first\"}|data_format",
      "DepthwiseConv2D|{\"name\": \"p\", \"kernel_size\": 3, \"strides\": [1, 2]}|strides",
      "DepthwiseConv2D|{\"name\": \"p\", \"kernel_size\": 3, \"depth_multiplier\": 0}|depth_multiplier",
      "DepthwiseConv1D|{\"name\": \"p\", \"kernel_size\": 3, \"padding\": \"causal\"}|padding",
      "DepthwiseConv2D|{\"name\": \"p\", \"kernel_size\": 3, \"groups\": 2}|groups",
      "DepthwiseConv2D|{\"name\": \"p\", \"kernel_size\": 3, \"kernel_initializer\": null}|kernel_initializer",
      "SeparableConv2D|{\"name\": \"p\", \"filters\": 2, \"kernel_size\": 3, \"strides\": 2, \"dilation_rate\": 2}|dilation_rate",
      "SeparableConv2D|{\"name\": \"p\", \"kernel_size\": 3}|filters",
      "Conv2DTranspose|{\"name\": \"p\", \"filters\": 2, \"kernel_size\": 3, \"dilation_rate\": [2, 1]}|dilation_rate",
      "Conv2DTranspose|{\"name\": \"p\", \"filters\": 2, \"kernel_size\": 3, \"dilation_rate\": 2, \"strides\": 2}|dilation_rate",
      "Conv1DTranspose|{\"name\": \"p\", \"filters\": 2, \"kernel_size\": 3, \"dilation_rate\": 2}|dilation_rate",
      "Conv1DTranspose|{\"name\": \"p\", \"filters\": 2, \"kernel_size\": 3, \"strides\": 2, \"output_padding\": 2}|output_padding",
      "Conv1DTranspose|{\"name\": \"p\", \"filters\": 2, \"kernel_size\": 3, \"groups\": 2}|groups",
      "Conv2DTranspose|{\"name\": \"p\", \"filters\": 2, \"kernel_size\": 3, \"data_format\": \"channels_first\"}|data_format",
      "Conv2DTranspose|{\"name\": \"p\", \"filters\": 2, \"kernel_size\": 3, \"padding\": \"full\"}|padding",
      "Conv2DTranspose|{\"name\": \"p\", \"filters\": 2, \"kernel_size\": 3, \"lora_rank\": 2}|lora_rank",
  })
  void refusesNamingLayerAndKey(String cls, String config, String key) {
    for (KerasEra era : KerasEra.values()) {
      ConfigException e = assertThrows(ConfigException.class, () -> read(cls, config, era));
      assertTrue(e.getMessage().contains(key), e.getMessage());
      assertTrue(e.getMessage().contains("'p'"), e.getMessage());
    }
  }

  @Test
  void globalPoolingShapesAndOps() {
    GlobalAveragePooling2D keep = new GlobalAveragePooling2D("g", true, false, DTypePolicy.FLOAT32,
        K3);
    assertArrayEquals(s(-1, 1, 1, 4), keep.outputShapes(List.of(s(-1, 6, 5, 4))).get(0));
    assertArrayEquals(s(-1, 6, 1, 1), new GlobalAveragePooling2D("g", true, true,
        DTypePolicy.FLOAT32, K3).outputShapes(List.of(s(-1, 6, 5, 4))).get(0));
    assertArrayEquals(s(-1, 3), new GlobalMaxPooling3D("g", false, true, DTypePolicy.FLOAT32, K2)
        .outputShapes(List.of(s(-1, 3, 4, 4, 2))).get(0));
    assertEquals(List.of("Mean"), opTypes(keep, s(2, 6, 5, 4)));
    assertEquals(List.of("Max"), opTypes(new GlobalMaxPooling3D("g", false, false,
        DTypePolicy.FLOAT32, K2), s(2, 3, 4, 4, 2)));
    assertThrows(InvalidInputException.class, () -> new GlobalAveragePooling2D("g", false, false,
        DTypePolicy.FLOAT32, K3).build(List.of(s(-1, 6, 4))));
  }

  @Test
  void depthwiseAndSeparableWeightsAndOpsPerEra() {
    DepthwiseConv2D d3 = DepthwiseConv2D.builder(3, 3).depthMultiplier(2).era(K3).build();
    d3.build(List.of(s(-1, 8, 8, 3)));
    assertEquals(List.of("kernel", "bias"), d3.weights().stream().map(Variable::name).toList());
    assertArrayEquals(s(3, 3, 3, 2), d3.weights().get(0).shape());
    assertArrayEquals(s(6), d3.weights().get(1).shape());
    assertArrayEquals(s(-1, 6, 6, 6), d3.outputShapes(List.of(s(-1, 8, 8, 3))).get(0));
    DepthwiseConv2D d2 = DepthwiseConv2D.builder(3, 3).era(K2).build();
    d2.build(List.of(s(-1, 8, 8, 3)));
    assertEquals("depthwise_kernel", d2.weights().get(0).name());
    assertEquals(List.of("DepthwiseConv2dNative", "BiasAdd"), opTypes(
        DepthwiseConv2D.builder(3, 3).era(K2).build(), s(2, 8, 8, 3)));
    assertEquals(List.of("SpaceToBatchND", "DepthwiseConv2dNative", "BatchToSpaceND", "Reshape",
        "AddV2"), opTypes(DepthwiseConv2D.builder(3, 3).dilationRate(2, 2).same(true).era(K3)
            .build(), s(2, 8, 8, 3)));
    assertEquals(List.of("ExpandDims", "ExpandDims", "DepthwiseConv2dNative", "BiasAdd",
        "Squeeze"), opTypes(DepthwiseConv1D.builder(3).era(K2).build(), s(2, 8, 3)));
    assertEquals(List.of("ExpandDims", "ExpandDims", "DepthwiseConv2dNative", "Squeeze",
        "Reshape", "AddV2"), opTypes(DepthwiseConv1D.builder(3).era(K3).build(), s(2, 8, 3)));
    SeparableConv2D sep = SeparableConv2D.builder(4, 2, 2).depthMultiplier(2).era(K3).build();
    sep.build(List.of(s(-1, 5, 5, 3)));
    assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"),
        sep.weights().stream().map(Variable::name).toList());
    assertArrayEquals(s(1, 1, 6, 4), sep.weights().get(1).shape());
    assertArrayEquals(s(4), sep.weights().get(2).shape());
    assertEquals(List.of("ExpandDims", "ExpandDims", "ExpandDims", "DepthwiseConv2dNative",
        "Conv2D", "BiasAdd", "Squeeze"), opTypes(SeparableConv1D.builder(4, 3).era(K2).build(),
            s(2, 8, 3)));
    assertThrows(InvalidInputException.class, () -> DepthwiseConv2D.builder(3, 3).build()
        .build(List.of(s(-1, 8, 3))));
    assertThrows(InvalidInputException.class, () -> SeparableConv1D.builder(2, 3).build()
        .build(List.of(s(-1, 8, -1))));
  }

  /** A graph that lost the spatial sizes (after a transposed convolution for an open batch). */
  @Test
  void dilatedLayersFallBackToTheBuiltSpatialSizes() {
    for (Layer layer : List.of(Conv2DTranspose.builder(3, 3, 3).dilationRate(2, 2).same(true)
        .era(K2).build(), DepthwiseConv2D.builder(3, 3).dilationRate(2, 2).era(K3).build(),
        SeparableConv1D.builder(2, 3).dilationRate(2).era(K2).build())) {
      boolean oneD = layer instanceof SeparableConv1D;
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Operand<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(
            oneD ? Shape.of(-1, -1, 2) : Shape.of(-1, -1, -1, 2)));
        layer.build(List.of(oneD ? s(-1, 7, 2) : s(-1, 5, 4, 2)));
        List<Operand<TBool>> masks = new ArrayList<>();
        masks.add(null);
        layer.call(tf, List.of(x), masks);
        boolean s2b = false;
        for (var it = g.operations(); it.hasNext();) {
          s2b |= ((GraphOperation) it.next()).type().equals("SpaceToBatchND");
        }
        assertTrue(s2b, layer.name());
      }
    }
  }

  @Test
  void transposeShapesAndOpsPerEra() {
    Conv2DTranspose t = Conv2DTranspose.builder(3, 2, 3).strides(1, 2).outputPadding(0, 1)
        .build();
    t.build(List.of(s(-1, 4, 4, 2)));
    assertArrayEquals(s(2, 3, 3, 2), t.weights().get(0).shape());
    assertArrayEquals(s(-1, 5, 10, 3), t.outputShapes(List.of(s(-1, 4, 4, 2))).get(0));
    assertArrayEquals(s(-1, 8, 3), Conv1DTranspose.builder(3, 3).strides(2).same(true).build()
        .outputShapes(List.of(s(-1, 4, 2))).get(0));
    assertArrayEquals(s(-1, 9, 3), Conv1DTranspose.builder(3, 3).strides(2).build()
        .outputShapes(List.of(s(-1, 4, 2))).get(0));
    assertEquals(List.of("ExpandDims", "ExpandDims", "Conv2DBackpropInput", "Squeeze", "BiasAdd"),
        opTypes(Conv1DTranspose.builder(3, 3).era(K2).build(), s(2, 4, 2)));
    assertEquals(List.of("Conv2DBackpropInput", "Reshape", "AddV2"),
        opTypes(Conv2DTranspose.builder(3, 3, 3).era(K3).build(), s(2, 4, 4, 2)));
    assertTrue(opTypes(Conv2DTranspose.builder(3, 3, 3).era(K3).build(), s(-1, 4, 4, 2))
        .containsAll(List.of("Shape", "Slice", "ConcatV2", "Conv2DBackpropInput")));
    Conv2DTranspose atrous = Conv2DTranspose.builder(3, 3, 3).dilationRate(2, 2).same(true)
        .era(K2).build();
    assertArrayEquals(s(-1, 5, 4, 3), atrous.outputShapes(List.of(s(-1, 5, 4, 2))).get(0));
    assertEquals(List.of("SpaceToBatchND", "Conv2DBackpropInput", "BatchToSpaceND", "BiasAdd"),
        opTypes(atrous, s(2, 5, 4, 2)));
    assertArrayEquals(s(-1, 9, 8, 3), Conv2DTranspose.builder(3, 3, 3).dilationRate(2, 2).era(K2)
        .build().outputShapes(List.of(s(-1, 5, 4, 2))).get(0));
    assertThrows(IllegalArgumentException.class, () -> Conv2DTranspose.builder(3, 3, 3)
        .dilationRate(2, 2).era(K3).build());
    assertThrows(IllegalArgumentException.class, () -> Conv1DTranspose.builder(3, 3).strides(2)
        .outputPadding(2).build());
    assertThrows(InvalidInputException.class, () -> Conv2DTranspose.builder(3, 3, 3).build()
        .build(List.of(s(-1, 4, 4, 4, 2))));
  }
}
