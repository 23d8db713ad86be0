package dev.kerasrnn.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.saving.InitializerDeserializer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config JSON of both eras to initializers (class names, aliases, parameters, seeds, refusals). */
class InitializerDeserializerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Initializer parse(String json, KerasEra era) {
    try {
      return InitializerDeserializer.deserialize(JSON.readTree(json), "lstm", era);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Initializer parse(String json) {
    return parse(json, KerasEra.KERAS_3);
  }

  @Test
  void classNamesAndAliasesOfBothEras() {
    Map<String, Class<?>> names = Map.ofEntries(
        Map.entry("GlorotUniform", GlorotUniform.class),
        Map.entry("glorot_uniform", GlorotUniform.class),
        Map.entry("GlorotUniformV2", GlorotUniform.class),
        Map.entry("GlorotNormal", GlorotNormal.class),
        Map.entry("glorot_normal", GlorotNormal.class),
        Map.entry("HeUniform", HeUniform.class), Map.entry("he_uniform", HeUniform.class),
        Map.entry("HeNormal", HeNormal.class), Map.entry("he_normal", HeNormal.class),
        Map.entry("LecunUniform", LecunUniform.class),
        Map.entry("lecun_uniform", LecunUniform.class),
        Map.entry("LecunNormal", LecunNormal.class), Map.entry("lecun_normal", LecunNormal.class),
        Map.entry("RandomUniform", RandomUniform.class), Map.entry("uniform", RandomUniform.class),
        Map.entry("random_uniform", RandomUniform.class),
        Map.entry("RandomNormal", RandomNormal.class), Map.entry("normal", RandomNormal.class),
        Map.entry("TruncatedNormal", TruncatedNormal.class),
        Map.entry("truncated_normal", TruncatedNormal.class),
        Map.entry("VarianceScaling", VarianceScaling.class),
        Map.entry("variance_scaling", VarianceScaling.class),
        Map.entry("Orthogonal", Orthogonal.class), Map.entry("orthogonal", Orthogonal.class),
        Map.entry("OrthogonalInitializer", Orthogonal.class),
        Map.entry("Identity", Identity.class), Map.entry("identity", Identity.class),
        Map.entry("Constant", Constant.class), Map.entry("constant", Constant.class),
        Map.entry("Zeros", Zeros.class), Map.entry("zeros", Zeros.class),
        Map.entry("zero", Zeros.class), Map.entry("ZerosV2", Zeros.class),
        Map.entry("Ones", Ones.class), Map.entry("ones", Ones.class), Map.entry("one", Ones.class));
    for (Map.Entry<String, Class<?>> e : names.entrySet()) {
      assertInstanceOf(e.getValue(), parse("\"" + e.getKey() + "\""), e.getKey());
      assertInstanceOf(e.getValue(), parse("{\"class_name\": \"" + e.getKey()
          + "\", \"config\": {}, \"module\": \"keras.initializers\", \"registered_name\": null}",
          KerasEra.KERAS_2), e.getKey());
    }
    assertNull(InitializerDeserializer.deserialize(null, "lstm", KerasEra.KERAS_3));
  }

  @Test
  void parametersAndSeedsAreRead() {
    VarianceScaling vs = (VarianceScaling) parse("{\"class_name\": \"VarianceScaling\", \"config\":"
        + " {\"scale\": 0.5, \"mode\": \"fan_avg\", \"distribution\": \"normal\", \"seed\": 42}}",
        KerasEra.KERAS_2);
    assertEquals(0.5, vs.scale());
    assertEquals(VarianceScaling.Mode.FAN_AVG, vs.mode());
    assertEquals(VarianceScaling.Distribution.TRUNCATED_NORMAL, vs.distribution());
    assertEquals(42L, vs.seed());
    assertTrue(vs.isSeeded());
    assertEquals(KerasEra.KERAS_2, vs.era());

    RandomUniform u = (RandomUniform) parse(
        "{\"class_name\": \"RandomUniform\", \"config\": {\"minval\": -1, \"maxval\": 0.3}}");
    assertEquals(-1.0, u.minval());
    assertEquals(0.3, u.maxval());
    assertTrue(!u.isSeeded());

    Orthogonal o = (Orthogonal) parse("{\"class_name\": \"OrthogonalInitializer\", \"config\":"
        + " {\"gain\": 2.0, \"seed\": 3000000000}}");
    assertEquals(2.0, o.gain());
    assertEquals(3_000_000_000L, o.seed());

    assertEquals(0.7, ((Constant) parse(
        "{\"class_name\": \"Constant\", \"config\": {\"value\": 0.7}}")).value());
    assertEquals(-2.0, ((Identity) parse(
        "{\"class_name\": \"Identity\", \"config\": {\"gain\": -2.0}}")).gain());

    // the same seed and config give the same draw as the directly built initializer
    assertEquals(new GlorotUniform(9L, KerasEra.KERAS_2).generate(DType.FLOAT64, 3, 4),
        parse("{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 9}}", KerasEra.KERAS_2)
            .generate(DType.FLOAT64, 3, 4));
  }

  @Test
  void configsKerasRefusesAreRefused() {
    assertThrows(ConfigException.class, () -> parse(
        "{\"class_name\": \"VarianceScaling\", \"config\": {\"mode\": \"fan_sideways\"}}"));
    assertThrows(ConfigException.class, () -> parse(
        "{\"class_name\": \"VarianceScaling\", \"config\": {\"distribution\": \"cauchy\"}}"));
    assertThrows(ConfigException.class, () -> parse(
        "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 0}}"));
    assertThrows(ConfigException.class, () -> parse(
        "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 1.5}}"));
    assertThrows(ConfigException.class, () -> parse(
        "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 1, \"gain\": 2}}"));
    assertThrows(ConfigException.class, () -> parse("{\"class_name\": \"Zeros\", \"config\": 3}"));
  }

  @Test
  void initializersThisLibraryCannotRunFailOnlyWhenRun() {
    for (String json : new String[] {
        "{\"class_name\": \"MyCustomInit\", \"config\": {}}",
        "{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": {\"class_name\":"
            + " \"SeedGenerator\", \"config\": {\"seed\": 1}}}}",
        "{\"class_name\": \"Constant\", \"config\": {\"value\": [1, 2]}}"}) {
      Initializer init = parse(json);
      ConfigException e = assertThrows(ConfigException.class,
          () -> init.generate(DType.FLOAT32, 2, 2), json);
      assertTrue(e.getMessage().contains("lstm"), e.getMessage());
    }
  }

  @Test
  void stringNodesWithoutConfigUseKerasDefaults() throws Exception {
    JsonNode n = JSON.readTree("\"random_normal\"");
    RandomNormal r = (RandomNormal) InitializerDeserializer.deserialize(n, "x", KerasEra.KERAS_3);
    assertEquals(0.0, r.mean());
    assertEquals(0.05, r.stddev());
    VarianceScaling v = (VarianceScaling) parse("\"variance_scaling\"");
    assertEquals(VarianceScaling.Mode.FAN_IN, v.mode());
    assertEquals(VarianceScaling.Distribution.TRUNCATED_NORMAL, v.distribution());
  }
}
