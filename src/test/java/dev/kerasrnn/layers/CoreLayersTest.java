package dev.kerasrnn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.activations.Activations;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.convolutional.Conv1D;
import dev.kerasrnn.layers.core.Dense;
import dev.kerasrnn.layers.merging.Add;
import dev.kerasrnn.layers.merging.Average;
import dev.kerasrnn.layers.merging.Concatenate;
import dev.kerasrnn.layers.merging.Multiply;
import dev.kerasrnn.layers.normalization.BatchNormalization;
import dev.kerasrnn.layers.normalization.LayerNormalization;
import dev.kerasrnn.layers.pooling.AveragePooling1D;
import dev.kerasrnn.layers.pooling.GlobalAveragePooling1D;
import dev.kerasrnn.layers.pooling.GlobalMaxPooling1D;
import dev.kerasrnn.layers.pooling.MaxPooling1D;
import dev.kerasrnn.layers.regularization.Dropout;
import dev.kerasrnn.layers.regularization.GaussianNoise;
import dev.kerasrnn.layers.regularization.SpatialDropout1D;
import dev.kerasrnn.layers.reshaping.Flatten;
import dev.kerasrnn.layers.reshaping.Permute;
import dev.kerasrnn.layers.reshaping.RepeatVector;
import dev.kerasrnn.layers.reshaping.Reshape;
import dev.kerasrnn.layers.rnn.TimeDistributed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Structure of the core layers: shapes, weight names and order, Keras 3 weight paths, mask
 * propagation and the op types each era emits (the numbers are checked by the model fixtures).
 */
class CoreLayersTest {
  private static final KerasEra K3 = KerasEra.KERAS_3;
  private static final KerasEra K2 = KerasEra.KERAS_2;

  /** Builds {@code layer} on {@code shapes} in a graph; returns its op types and outputs. */
  private static List<String> opTypes(Layer layer, boolean masked, long[]... shapes) {
    return trace(layer, masked, shapes, r -> r.ops);
  }

  private static <R> R trace(Layer layer, boolean masked, long[][] shapes,
      Function<Traced, R> what) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Operand<?>> in = new ArrayList<>();
      List<Operand<TBool>> masks = new ArrayList<>();
      for (long[] s : shapes) {
        in.add(tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(s))));
        masks.add(masked ? tf.placeholder(TBool.class,
            Placeholder.shape(Shape.of(s[0], s[1]))) : null);
      }
      layer.build(Arrays.asList(shapes));
      int before = count(g);
      Layer.Outputs out = layer.call(tf, in, masks);
      List<String> ops = new ArrayList<>();
      var it = g.operations();
      int i = 0;
      while (it.hasNext()) {
        GraphOperation op = (GraphOperation) it.next();
        if (i++ >= before && !op.type().equals("Const")) {
          ops.add(op.type());
        }
      }
      return what.apply(new Traced(ops, out));
    }
  }

  private record Traced(List<String> ops, Layer.Outputs out) {}

  private static int count(Graph g) {
    int n = 0;
    for (var it = g.operations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  private static boolean hasMask(Layer layer, boolean masked, long[]... shapes) {
    return trace(layer, masked, shapes, r -> r.out.masks().get(0) != null);
  }

  private static long[] s(long... d) {
    return d;
  }

  @Test
  void denseWeightsShapesAndPaths() {
    Dense d = Dense.builder(4).name("dense_1").build();
    d.build(List.of(s(-1, 7, 5)));
    assertEquals(List.of("dense_1/kernel", "dense_1/bias"),
        d.weights().stream().map(Variable::path).toList());
    assertArrayEquals(s(5, 4), d.weights().get(0).shape());
    assertArrayEquals(s(-1, 7, 4), d.outputShapes(List.of(s(-1, 7, 5))).get(0));
    assertEquals("", d.weightGroups().get(0).path());
    Dense noBias = Dense.builder(4).useBias(false).build();
    noBias.build(List.of(s(-1, 5)));
    assertEquals(1, noBias.weights().size());
  }

  @Test
  void denseMatMulShapePerEra() {
    assertTrue(opTypes(Dense.builder(4).era(K3).build(), false, s(2, 7, 5))
        .containsAll(List.of("BatchMatMulV2", "AddV2")));
    List<String> k2 = opTypes(Dense.builder(4).era(K2).build(), false, s(2, 7, 5));
    assertTrue(k2.containsAll(List.of("Reshape", "MatMul", "BiasAdd")), k2.toString());
    assertTrue(!k2.contains("BatchMatMulV2"));
    assertTrue(opTypes(Dense.builder(4).era(K3).build(), false, s(2, 5)).contains("MatMul"));
  }

  @Test
  void timeDistributedStoresInnerUnderLayerAndLoopsPerEra() {
    Dense inner = Dense.builder(3).name("dense").build();
    TimeDistributed td = new TimeDistributed("time_distributed", inner, K3);
    td.build(List.of(s(-1, 4, 5)));
    assertEquals("layer", td.weightGroups().get(0).path());
    assertEquals(2, td.weights().size());
    assertArrayEquals(s(-1, 4, 3), td.outputShapes(List.of(s(-1, 4, 5))).get(0));
    List<String> k3 = opTypes(new TimeDistributed("td", Dense.builder(3).build(), K3), false,
        s(2, 4, 5));
    assertEquals(4, k3.stream().filter("MatMul"::equals).count());
    assertTrue(k3.contains("Pack"));
    List<String> k2 = opTypes(new TimeDistributed("td", Dense.builder(3).era(K2).build(), K2),
        false, s(2, 4, 5));
    assertEquals(1, k2.stream().filter("MatMul"::equals).count());
    assertTrue(hasMask(new TimeDistributed("td", Dense.builder(3).build(), K3), true,
        s(2, 4, 5)));
  }

  @Test
  void inferenceNoOpsEmitOnlyTfKerasIdentity() {
    assertEquals(List.of(), opTypes(new Dropout("d", 0.5, K3), false, s(2, 3, 4)));
    assertEquals(List.of("Identity"), opTypes(new Dropout("d", 0.5, K2), false, s(2, 3, 4)));
    assertEquals(List.of("Identity"),
        opTypes(new SpatialDropout1D("d", 0.5, K2), false, s(2, 3, 4)));
    assertEquals(List.of(), opTypes(new GaussianNoise("g", 0.1, K2), false, s(2, 3, 4)));
    assertTrue(hasMask(new Dropout("d", 0.5, K3), true, s(2, 3, 4)));
    assertThrows(IllegalArgumentException.class, () -> new Dropout("d", 1.0, K3));
  }

  @Test
  void shapeLayersDropMasksAndComputeShapes() {
    assertArrayEquals(s(-1, 15), new Flatten("f", K3).outputShapes(List.of(s(-1, 3, 5))).get(0));
    assertArrayEquals(s(-1, 5, 3),
        new Reshape("r", s(-1, 3), K3).outputShapes(List.of(s(-1, 3, 5))).get(0));
    assertArrayEquals(s(-1, 4, 5),
        new RepeatVector("r", 4, K3).outputShapes(List.of(s(-1, 5))).get(0));
    assertArrayEquals(s(-1, 5, 3),
        new Permute("p", new int[] {2, 1}, K3).outputShapes(List.of(s(-1, 3, 5))).get(0));
    assertTrue(!hasMask(new Flatten("f", K3), true, s(2, 3, 5)));
    assertTrue(!hasMask(new Permute("p", new int[] {2, 1}, K3), true, s(2, 3, 5)));
    assertThrows(IllegalArgumentException.class, () -> new Permute("p", new int[] {1, 1}, K3));
    assertThrows(IllegalArgumentException.class, () -> new Reshape("r", s(-1, -1), K3));
  }

  @Test
  void mergeMasksFollowTheEra() {
    // Keras 3: OR of masks only when every input has one; tf-keras: AND of those present.
    for (KerasEra era : KerasEra.values()) {
      assertTrue(hasMask(new Add("a", era), true, s(2, 3, 4), s(2, 3, 4)));
      assertTrue(hasMask(new Concatenate("c", -1, era), true, s(2, 3, 4), s(2, 3, 2)));
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<?> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 3, 4)));
      Operand<TBool> m = tf.placeholder(TBool.class, Placeholder.shape(Shape.of(2, 3)));
      List<Operand<TBool>> one = Arrays.asList(m, null);
      assertNull(new Add("a", K3).call(tf, List.of(x, x), one).masks().get(0));
      assertNotNull(new Add("a", K2).call(tf, List.of(x, x), one).masks().get(0));
      assertNotNull(new Concatenate("c", -1, K3).call(tf, List.of(x, x), one).masks().get(0));
    }
    assertTrue(opTypes(new Average("v", K3), false, s(2, 3), s(2, 3))
        .containsAll(List.of("AddV2", "RealDiv")));
    assertTrue(opTypes(new Multiply("m", K3), true, s(2, 3, 4), s(2, 3, 4)).contains("SelectV2"));
    assertTrue(!opTypes(new Multiply("m", K2), true, s(2, 3, 4), s(2, 3, 4)).contains("SelectV2"));
    assertArrayEquals(s(-1, 3, 6), new Concatenate("c", -1, K3)
        .outputShapes(List.of(s(-1, 3, 4), s(-1, 3, 2))).get(0));
    assertThrows(InvalidInputException.class,
        () -> new Concatenate("c", 1, K3).build(List.of(s(-1, 3, 4), s(-1, 3, 2))));
  }

  @Test
  void conv1dShapesWeightsAndOpsPerEra() {
    Conv1D c = Conv1D.builder(6, 3).name("conv1d").padding(Conv1D.Padding.CAUSAL)
        .dilationRate(2).activation(Activations.RELU).build();
    c.build(List.of(s(-1, 11, 5)));
    assertArrayEquals(s(3, 5, 6), c.weights().get(0).shape());
    assertArrayEquals(s(-1, 11, 6), c.outputShapes(List.of(s(-1, 11, 5))).get(0));
    assertArrayEquals(s(-1, 5, 6), Conv1D.builder(6, 3).strides(2).build()
        .outputShapes(List.of(s(-1, 11, 5))).get(0));
    assertArrayEquals(s(-1, 6, 6), Conv1D.builder(6, 4).strides(2).padding(Conv1D.Padding.SAME)
        .build().outputShapes(List.of(s(-1, 11, 5))).get(0));
    List<String> k3 = opTypes(Conv1D.builder(6, 3).padding(Conv1D.Padding.CAUSAL)
        .dilationRate(2).build(), false, s(2, 11, 5));
    assertEquals(List.of("Pad", "SpaceToBatchND", "ExpandDims", "ExpandDims", "Conv2D",
        "Squeeze", "BatchToSpaceND", "Reshape", "AddV2"), k3);
    List<String> k2 = opTypes(Conv1D.builder(6, 3).era(K2).build(), false, s(2, 11, 5));
    assertEquals(List.of("ExpandDims", "ExpandDims", "Conv2D", "Squeeze", "BiasAdd"), k2);
    assertTrue(!hasMask(Conv1D.builder(2, 2).build(), true, s(2, 5, 3)));
    assertThrows(IllegalArgumentException.class,
        () -> Conv1D.builder(2, 2).strides(2).dilationRate(2).build());
  }

  @Test
  void poolingShapesAndMasks() {
    assertArrayEquals(s(-1, 5, 4),
        new MaxPooling1D("m", 2, K3).outputShapes(List.of(s(-1, 11, 4))).get(0));
    assertArrayEquals(s(-1, 6, 4), new AveragePooling1D("a", 3, 2, "same",
        dev.kerasrnn.core.DTypePolicy.FLOAT32, K2)
        .outputShapes(List.of(s(-1, 11, 4))).get(0));
    assertArrayEquals(s(-1, 1, 4), new GlobalAveragePooling1D("g", true,
        dev.kerasrnn.core.DTypePolicy.FLOAT32, K3).outputShapes(List.of(s(-1, 11, 4))).get(0));
    assertEquals(List.of("ExpandDims", "MaxPool", "Squeeze"),
        opTypes(new MaxPooling1D("m", 2, K2), false, s(2, 6, 3)));
    assertTrue(opTypes(new GlobalAveragePooling1D("g", K3), true, s(2, 6, 3))
        .containsAll(List.of("Cast", "Mul", "Sum", "RealDiv")));
    assertTrue(!hasMask(new GlobalMaxPooling1D("g", K3), true, s(2, 6, 3)));
  }

  @Test
  void batchNormalizationWeightsOrderAndOptions() {
    BatchNormalization bn = BatchNormalization.builder().build();
    bn.build(List.of(s(-1, 7, 5)));
    assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"),
        bn.weights().stream().map(Variable::name).toList());
    BatchNormalization noCs = BatchNormalization.builder().center(false).scale(false).build();
    noCs.build(List.of(s(-1, 5)));
    assertEquals(List.of("moving_mean", "moving_variance"),
        noCs.weights().stream().map(Variable::name).toList());
    assertTrue(hasMask(BatchNormalization.builder().build(), true, s(2, 3, 4)));
    assertEquals(List.of("AddV2", "Rsqrt", "Mul", "Mul", "Mul", "Sub", "AddV2"),
        opTypes(BatchNormalization.builder().era(K2).build(), false, s(2, 3, 4)));
    // tf-keras fuses 4-D / 5-D inputs normalized on the last axis; axis 1 (NCHW) is refused.
    assertTrue(opTypes(BatchNormalization.builder().era(K2).build(), false, s(2, 3, 4, 5))
        .contains("FusedBatchNormV3"));
    assertEquals(List.of("AddV2", "Rsqrt", "Mul", "Mul", "Mul", "Sub", "AddV2"),
        opTypes(BatchNormalization.builder().era(K2).fused(false).build(), false,
            s(2, 3, 4, 5)));
    assertThrows(InvalidInputException.class, () -> BatchNormalization.builder().era(K2).axis(1)
        .build().build(List.of(s(-1, 2, 3, 4))));
    assertThrows(InvalidInputException.class, () -> BatchNormalization.builder().era(K2).build()
        .build(List.of(s(-1, 2, 3, 4, 5, 6))));
  }

  @Test
  void layerNormalizationPathsPerEra() {
    LayerNormalization ln = LayerNormalization.builder().axis(1, 2).build();
    ln.build(List.of(s(-1, 7, 5)));
    assertArrayEquals(s(7, 5), ln.weights().get(0).shape());
    assertEquals(List.of("gamma", "beta"), ln.weights().stream().map(Variable::name).toList());
    assertTrue(opTypes(LayerNormalization.builder().era(K2).build(), false, s(2, 3, 4))
        .contains("FusedBatchNormV3"));
    assertTrue(!opTypes(LayerNormalization.builder().era(K2).epsilon(1e-6).build(), false,
        s(2, 3, 4)).contains("FusedBatchNormV3"));
    assertTrue(opTypes(LayerNormalization.builder().era(K3).build(), false, s(2, 3, 4))
        .containsAll(List.of("SquaredDifference", "Rsqrt", "Neg")));
  }
}
