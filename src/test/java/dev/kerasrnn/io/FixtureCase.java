package dev.kerasrnn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One committed fixture under {@code compat-tests/fixtures/<case>/} (see
 * python-fixtures/FIXTURE_FORMAT.md), with what its {@code case.json} says about the layer.
 */
record FixtureCase(Path dir, JsonNode json) {
  static final Path ROOT = Path.of("compat-tests", "fixtures");
  private static final Map<String, String> SNAKE_NAMES =
      Map.of("SimpleRNN", "simple_rnn", "LSTM", "lstm", "GRU", "gru");
  private static final Map<String, Integer> GATES = Map.of("SimpleRNN", 1, "LSTM", 4, "GRU", 3);

  /** Every fixture case, sorted by name; fails if there are none. */
  static List<FixtureCase> all() {
    return Cache.ALL;
  }

  /** Reads the cases once per test JVM. */
  private static final class Cache {
    static final List<FixtureCase> ALL = scan();
  }

  private static List<FixtureCase> scan() {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      List<FixtureCase> cases = dirs.filter(d -> Files.isRegularFile(d.resolve("case.json")))
          .sorted()
          .map(FixtureCase::load)
          .filter(FixtureCase::isSingleLayer)
          .collect(Collectors.toList());
      if (cases.isEmpty()) {
        throw new IllegalStateException("no fixture cases under " + ROOT.toAbsolutePath());
      }
      return List.copyOf(cases);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first case (by name) whose weights are in {@code format}; fails if there is none. */
  static FixtureCase first(String format) {
    return all().stream().filter(c -> c.format().equals(format)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no fixture case with format " + format));
  }

  private static FixtureCase load(Path dir) {
    try {
      return new FixtureCase(dir, new ObjectMapper().readTree(dir.resolve("case.json").toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A plain single-layer case (SimpleRNN, LSTM or GRU, nothing before it): the layouts these
   * tests check. Other kinds (Bidirectional, stacked, stateful, initializer, Embedding) are
   * covered by the compat tests.
   */
  private boolean isSingleLayer() {
    return json.path("kind").asText("layer").equals("layer") && !json.has("preprocess")
        && SNAKE_NAMES.containsKey(json.path("layer").path("class_name").asText());
  }

  String name() {
    return json.path("name").asText();
  }

  /** {@code keras_weights_h5}, {@code legacy_h5_model} or {@code legacy_h5_weights}. */
  String format() {
    return json.path("weights").path("format").asText();
  }

  Path weightsFile() {
    return dir.resolve(json.path("weights").path("file").asText());
  }

  Path dataFile() {
    return dir.resolve("data.h5");
  }

  String kerasVersion() {
    return json.path("keras_version").asText();
  }

  String layerClass() {
    return json.path("layer").path("class_name").asText();
  }

  /** The layer's {@code name} in its config, e.g. {@code lstm}. */
  String layerName() {
    return config().path("name").asText();
  }

  /** Keras 3's group name for the layer: the snake_case class name. */
  String snakeName() {
    return SNAKE_NAMES.get(layerClass());
  }

  String dtype() {
    return json.path("dtype").asText();
  }

  long units() {
    return config().path("units").asLong();
  }

  long features() {
    return json.path("input_shape").path(2).asLong();
  }

  boolean useBias() {
    return config().path("use_bias").asBoolean();
  }

  boolean resetAfter() {
    return layerClass().equals("GRU") && config().path("reset_after").asBoolean();
  }

  /** Shapes of kernel, recurrent_kernel and (if used) bias, as Keras builds them. */
  List<long[]> expectedShapes() {
    long width = GATES.get(layerClass()) * units();
    long[] kernel = {features(), width};
    long[] recurrent = {units(), width};
    if (!useBias()) {
      return List.of(kernel, recurrent);
    }
    long[] bias = resetAfter() ? new long[] {2, width} : new long[] {width};
    return List.of(kernel, recurrent, bias);
  }

  private JsonNode config() {
    return json.path("layer").path("config");
  }

  @Override
  public String toString() {
    return name();
  }
}
