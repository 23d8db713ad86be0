package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.WeightsException;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout rules on files written at test time (see {@link SyntheticFiles}). */
class SyntheticLayoutTest {
  @TempDir Path dir;

  @Test
  void varsAreOrderedNumericallyNotLexically() {
    Path file = SyntheticFiles.write(dir.resolve("many.weights.h5"), root -> {
      WritableGroup vars = root.putGroup("layers").putGroup("dense").putGroup("vars");
      for (int i = 11; i >= 0; i--) {
        vars.putDataset(Integer.toString(i), new double[] {i});
      }
    });
    try (KerasWeightsFile weights = KerasWeightsFile.open(file)) {
      List<Double> firsts = weights.vars("layers/dense").orElseThrow().stream()
          .map(v -> v.getDouble(0)).collect(Collectors.toList());
      assertEquals(IntStream.range(0, 12).asDoubleStream().boxed().collect(Collectors.toList()),
          firsts);
    }
  }

  @Test
  void childrenAndObjectsUseNaturalOrder() {
    Path file = SyntheticFiles.write(dir.resolve("order.weights.h5"), root -> {
      WritableGroup layers = root.putGroup("layers");
      for (String name : new String[] {"lstm_10", "lstm", "lstm_2", "dense"}) {
        layers.putGroup(name).putGroup("vars").putDataset("0", new float[] {1f});
      }
    });
    try (KerasWeightsFile weights = KerasWeightsFile.open(file)) {
      assertEquals(List.of("dense", "lstm", "lstm_2", "lstm_10"), weights.children("layers"));
      assertEquals(List.of("layers/dense", "layers/lstm", "layers/lstm_2", "layers/lstm_10"),
          weights.objectsWithVars());
      WeightsException e = assertThrows(WeightsException.class,
          () -> KerasWeightsFile.singleLayerWeights(file));
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("lstm_10"),
          e.getMessage());
    }
  }

  @Test
  void layerCheckpointDependenciesStandsForLayers() {
    Path file = SyntheticFiles.write(dir.resolve("old.weights.h5"), root -> root
        .putGroup("_layer_checkpoint_dependencies").putGroup("gru").putGroup("cell")
        .putGroup("vars").putDataset("0", new float[][] {{1f, 2f}}));
    try (KerasWeightsFile weights = KerasWeightsFile.open(file)) {
      assertEquals(KerasWeightsFile.Format.KERAS_WEIGHTS_H5, weights.format());
      assertEquals(List.of("layers/gru/cell"), weights.objectsWithVars());
      assertArrayEquals(new long[] {1, 2},
          weights.vars("layers/gru/cell").orElseThrow().get(0).shape());
    }
  }

  @Test
  void scalarAndFourDimensionalDatasetsKeepShapeAndOrder() {
    float[][][][] block = new float[2][3][4][5];
    for (int i = 0; i < 120; i++) {
      block[i / 60][i / 20 % 3][i / 5 % 4][i % 5] = i;
    }
    Path file = SyntheticFiles.write(dir.resolve("shapes.weights.h5"), root -> {
      WritableGroup vars = root.putGroup("layers").putGroup("x").putGroup("vars");
      vars.putDataset("0", block);
      vars.putDataset("1", 2.5);
    });
    List<NamedWeight> weights = KerasWeightsFile.singleLayerWeights(file);
    HostArray four = weights.get(0).value();
    assertArrayEquals(new long[] {2, 3, 4, 5}, four.shape());
    assertArrayEquals(IntStream.range(0, 120).asDoubleStream().toArray(), four.toDoubleArray());
    assertEquals(HostArray.ofDoubles(new long[0], 2.5), weights.get(1).value());
  }

  @Test
  void exoticFloatBitsSurvive() {
    float[] values = {Float.intBitsToFloat(0x7fa00001), -0.0f, Float.MIN_VALUE, Float.NaN};
    Path file = SyntheticFiles.write(dir.resolve("bits.weights.h5"),
        root -> root.putGroup("vars").putDataset("0", values));
    HostArray read = KerasWeightsFile.singleLayerWeights(file).get(0).value();
    assertEquals(DType.FLOAT32, read.dtype());
    assertEquals(HostArray.ofFloats(new long[] {4}, values), read);
    assertEquals(0x7fa00001L, read.getBits(0));
  }

  @Test
  void legacyLayerNamesMayBeSplitIntoChunks() {
    Path file = SyntheticFiles.write(dir.resolve("chunks.h5"), root -> {
      root.putAttribute("layer_names0", new String[] {"input_1", "dense"});
      root.putAttribute("layer_names1", new String[] {"lstm"});
      // No weight_names: read as empty, like Keras (jhdf cannot write an empty array attribute).
      root.putGroup("input_1");
      SyntheticFiles.layer(root, "dense", new String[] {"dense/kernel:0"},
          List.of(new float[][] {{1f}}));
      SyntheticFiles.layer(root, "lstm", new String[] {"lstm/lstm_cell/bias:0"},
          List.of(new float[] {2f}));
    });
    try (KerasWeightsFile weights = KerasWeightsFile.open(file)) {
      assertEquals(KerasWeightsFile.Format.LEGACY_H5_WEIGHTS, weights.format());
      assertEquals(List.of("input_1", "dense", "lstm"), weights.legacyLayers().stream()
          .map(LegacyLayerWeights::layerName).collect(Collectors.toList()));
      assertEquals(List.of(), weights.legacyLayers().get(0).weights());
      assertTrue(weights.kerasVersion().isEmpty());
    }
  }

  @Test
  void legacyWeightNamesOrderIsKept() {
    String[] names = {"gru/gru_cell/recurrent_kernel:0", "gru/gru_cell/kernel:0"};
    Path file = SyntheticFiles.legacyWeights(dir.resolve("order.h5"), new String[] {"gru"}, root ->
        SyntheticFiles.layer(root, "gru", names, List.of(new float[][] {{1f}}, new float[] {2f})));
    List<NamedWeight> weights = KerasWeightsFile.singleLayerWeights(file);
    assertEquals(List.of(names),
        weights.stream().map(NamedWeight::name).collect(Collectors.toList()));
    assertEquals(1.0, weights.get(0).value().getDouble(0));
    assertEquals(2.0, weights.get(1).value().getDouble(0));
  }
}
