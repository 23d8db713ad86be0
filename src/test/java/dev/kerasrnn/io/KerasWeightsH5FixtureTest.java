package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Keras 3 {@code model.weights.h5} fixtures, read as {@code load_own_variables} does. */
class KerasWeightsH5FixtureTest {
  private static final String FORMAT = "keras_weights_h5";

  static Stream<FixtureCase> kerasCases() {
    return FixtureCase.all().stream().filter(c -> c.format().equals(FORMAT));
  }

  @ParameterizedTest
  @MethodSource("kerasCases")
  void cellVarsHaveKerasLayoutAndDtype(FixtureCase fixture) {
    try (KerasWeightsFile file = KerasWeightsFile.open(fixture.weightsFile())) {
      String cell = "layers/" + fixture.snakeName() + "/cell";
      assertEquals(KerasWeightsFile.Format.KERAS_WEIGHTS_H5, file.format());
      assertEquals(List.of(cell), file.objectsWithVars());
      List<HostArray> vars = file.vars(cell).orElseThrow();
      assertShapes(fixture.expectedShapes(), vars);
      DType dtype = DType.fromKerasName(fixture.dtype());
      vars.forEach(v -> assertEquals(dtype, v.dtype()));
    }
  }

  @Test
  void objectTreeOfAKerasFile() {
    FixtureCase fixture = FixtureCase.first(FORMAT);
    try (KerasWeightsFile file = KerasWeightsFile.open(fixture.weightsFile())) {
      String layer = "layers/" + fixture.snakeName();
      assertTrue(file.children("").contains("layers"), file.children("").toString());
      assertTrue(file.children("layers").contains(fixture.snakeName()));
      assertEquals(List.of("cell"), file.children(layer));
      assertEquals(List.of(), file.children(layer + "/cell"));
      assertEquals(List.of(), file.vars(layer).orElseThrow(), "the RNN layer owns no variables");
      assertEquals(file.vars(layer + "/cell"), file.vars("/" + layer + "/cell/"));
      assertTrue(file.vars("layers/no_such_layer").isEmpty());
      assertTrue(file.kerasVersion().isEmpty(), ".weights.h5 records no version");
      assertTrue(file.modelConfigJson().isEmpty());
    }
  }

  @Test
  void valuesKeepEveryBitInRowMajorOrder() {
    FixtureCase fixture = FixtureCase.first(FORMAT);
    String cell = "layers/" + fixture.snakeName() + "/cell";
    try (KerasWeightsFile file = KerasWeightsFile.open(fixture.weightsFile())) {
      List<HostArray> vars = file.vars(cell).orElseThrow();
      for (int i = 0; i < vars.size(); i++) {
        List<Long> expected = HdfBits.bits(fixture.weightsFile(), cell + "/vars/" + i);
        assertEquals(expected, HdfBits.bits(vars.get(i)), "vars/" + i);
      }
    }
  }

  @Test
  void float64FixtureReadsAsFloat64WithExactBits() {
    FixtureCase fixture = kerasCases().filter(c -> c.dtype().equals("float64")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no float64 Keras 3 fixture"));
    String kernel = "layers/" + fixture.snakeName() + "/cell/vars/0";
    List<NamedWeight> weights = KerasWeightsFile.singleLayerWeights(fixture.weightsFile());
    assertEquals(DType.FLOAT64, weights.get(0).value().dtype());
    assertEquals(HdfBits.bits(fixture.weightsFile(), kernel), HdfBits.bits(weights.get(0).value()));
  }

  @Test
  void gruResetAfterBiasHasTwoRows() {
    FixtureCase fixture = kerasCases().filter(FixtureCase::resetAfter).findFirst()
        .orElseThrow(() -> new IllegalStateException("no GRU(reset_after=True) Keras 3 fixture"));
    List<NamedWeight> weights = KerasWeightsFile.singleLayerWeights(fixture.weightsFile());
    assertArrayEquals(new long[] {2, 3 * fixture.units()}, weights.get(2).value().shape());
  }

  @Test
  void singleLayerWeightsAreTheCellVarsInOrder() {
    FixtureCase fixture = FixtureCase.first(FORMAT);
    String cell = "layers/" + fixture.snakeName() + "/cell";
    try (KerasWeightsFile file = KerasWeightsFile.open(fixture.weightsFile())) {
      List<NamedWeight> weights = KerasWeightsFile.singleLayerWeights(fixture.weightsFile());
      List<String> expectedNames = IntStream.range(0, fixture.expectedShapes().size())
          .mapToObj(i -> cell + "/vars/" + i).collect(Collectors.toList());
      assertEquals(expectedNames,
          weights.stream().map(NamedWeight::name).collect(Collectors.toList()));
      assertEquals(file.vars(cell).orElseThrow(),
          weights.stream().map(NamedWeight::value).collect(Collectors.toList()));
    }
  }

  @Test
  void legacyAccessorIsRejected() {
    try (KerasWeightsFile file = KerasWeightsFile.open(FixtureCase.first(FORMAT).weightsFile())) {
      IllegalStateException e = assertThrows(IllegalStateException.class, file::legacyLayers);
      assertTrue(e.getMessage().contains("KERAS_WEIGHTS_H5"), e.getMessage());
    }
  }

  static void assertShapes(List<long[]> expected, List<HostArray> actual) {
    assertEquals(expected.size(), actual.size(), "number of weights");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i).shape(), "shape of weight " + i);
      assertFalse(actual.get(i).size() == 0);
    }
  }
}
