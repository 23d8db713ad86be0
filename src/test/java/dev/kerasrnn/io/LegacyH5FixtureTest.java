package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tf-keras {@code model.h5} and {@code weights.h5} fixtures; agreement with Keras 3. */
class LegacyH5FixtureTest {
  private static final String MODEL = "legacy_h5_model";
  private static final String WEIGHTS = "legacy_h5_weights";

  static Stream<FixtureCase> legacyCases() {
    return FixtureCase.all().stream()
        .filter(c -> c.format().equals(MODEL) || c.format().equals(WEIGHTS));
  }

  @ParameterizedTest
  @MethodSource("legacyCases")
  void onlyTheRecurrentLayerHasWeightsInKerasNamesAndShapes(FixtureCase fixture) {
    try (KerasWeightsFile file = KerasWeightsFile.open(fixture.weightsFile())) {
      assertEquals(fixture.format().equals(MODEL) ? KerasWeightsFile.Format.LEGACY_H5_MODEL
          : KerasWeightsFile.Format.LEGACY_H5_WEIGHTS, file.format());
      assertEquals(fixture.kerasVersion(), file.kerasVersion().orElseThrow());
      List<LegacyLayerWeights> layers = file.legacyLayers();
      LegacyLayerWeights last = layers.get(layers.size() - 1);
      assertEquals(fixture.layerName(), last.layerName(), "model.layers order: inputs first");
      layers.subList(0, layers.size() - 1)
          .forEach(input -> assertEquals(List.of(), input.weights(), input.layerName()));
      assertEquals(expectedNames(fixture), names(last.weights()));
      KerasWeightsH5FixtureTest.assertShapes(fixture.expectedShapes(), values(last.weights()));
      DType dtype = DType.fromKerasName(fixture.dtype());
      last.weights().forEach(w -> assertEquals(dtype, w.value().dtype(), w.name()));
      assertEquals(last.weights(), KerasWeightsFile.singleLayerWeights(fixture.weightsFile()));
    }
  }

  @Test
  void modelFileCarriesItsConfig() throws IOException {
    FixtureCase fixture = FixtureCase.first(MODEL);
    try (KerasWeightsFile file = KerasWeightsFile.open(fixture.weightsFile())) {
      JsonNode config = new ObjectMapper().readTree(file.modelConfigJson().orElseThrow());
      assertEquals("Functional", config.path("class_name").asText());
      List<String> layerNames = new ArrayList<>();
      config.path("config").path("layers").forEach(l -> layerNames.add(l.path("name").asText()));
      assertTrue(layerNames.contains(fixture.layerName()), layerNames.toString());
    }
  }

  @Test
  void weightsOnlyFileHasNoConfig() {
    try (KerasWeightsFile file = KerasWeightsFile.open(FixtureCase.first(WEIGHTS).weightsFile())) {
      assertTrue(file.modelConfigJson().isEmpty());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {MODEL, WEIGHTS})
  void valuesKeepEveryBitInRowMajorOrder(String format) {
    FixtureCase fixture = FixtureCase.first(format);
    String prefix = format.equals(MODEL) ? "model_weights/" : "";
    for (NamedWeight w : KerasWeightsFile.singleLayerWeights(fixture.weightsFile())) {
      String path = prefix + fixture.layerName() + "/" + w.name();
      assertEquals(HdfBits.bits(fixture.weightsFile(), path), HdfBits.bits(w.value()), path);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {MODEL, WEIGHTS})
  void gruResetAfterBiasHasTwoRows(String format) {
    FixtureCase fixture = FixtureCase.all().stream()
        .filter(c -> c.format().equals(format) && c.resetAfter()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no GRU(reset_after=True) " + format));
    HostArray bias = KerasWeightsFile.singleLayerWeights(fixture.weightsFile()).get(2).value();
    assertArrayEquals(new long[] {2, 3 * fixture.units()}, bias.shape());
  }

  /** A legacy and a Keras 3 file of the same layer configuration give the same weight layout. */
  @ParameterizedTest
  @ValueSource(strings = {MODEL, WEIGHTS})
  void legacyAndKeras3ReadersAgree(String format) {
    int pairs = 0;
    for (FixtureCase legacy : FixtureCase.all()) {
      if (!legacy.format().equals(format)) {
        continue;
      }
      FixtureCase keras3 = FixtureCase.all().stream()
          .filter(c -> c.format().equals("keras_weights_h5") && sameLayout(c, legacy))
          .findFirst().orElse(null);
      if (keras3 != null) {
        List<HostArray> a = values(KerasWeightsFile.singleLayerWeights(legacy.weightsFile()));
        List<HostArray> b = values(KerasWeightsFile.singleLayerWeights(keras3.weightsFile()));
        assertEquals(shapesAndDtypes(b), shapesAndDtypes(a), legacy + " vs " + keras3);
        pairs++;
      }
    }
    assertTrue(pairs > 0, "no " + format + " fixture has a Keras 3 counterpart");
  }

  @Test
  void keras3AccessorsAreRejected() {
    try (KerasWeightsFile file = KerasWeightsFile.open(FixtureCase.first(MODEL).weightsFile())) {
      assertThrows(IllegalStateException.class, () -> file.vars("layers/lstm/cell"));
      assertThrows(IllegalStateException.class, () -> file.children(""));
      assertThrows(IllegalStateException.class, file::objectsWithVars);
    }
  }

  private static boolean sameLayout(FixtureCase a, FixtureCase b) {
    return a.layerClass().equals(b.layerClass()) && a.units() == b.units()
        && a.features() == b.features() && a.useBias() == b.useBias()
        && a.resetAfter() == b.resetAfter() && a.dtype().equals(b.dtype());
  }

  private static List<String> expectedNames(FixtureCase fixture) {
    List<String> names = new ArrayList<>(List.of("kernel", "recurrent_kernel", "bias"));
    List<String> used = names.subList(0, fixture.expectedShapes().size());
    String cell = fixture.layerName() + "/" + fixture.snakeName() + "_cell/";
    return used.stream().map(n -> cell + n + ":0").collect(Collectors.toList());
  }

  private static List<String> names(List<NamedWeight> weights) {
    return weights.stream().map(NamedWeight::name).collect(Collectors.toList());
  }

  private static List<HostArray> values(List<NamedWeight> weights) {
    return weights.stream().map(NamedWeight::value).collect(Collectors.toList());
  }

  private static List<String> shapesAndDtypes(List<HostArray> arrays) {
    return arrays.stream().map(HostArray::toString).collect(Collectors.toList());
  }
}
