package dev.kerasrnn.fuzz;

import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.io.JsonArrays;
import dev.kerasrnn.io.NpyFile;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.serving.RequestBodies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parsers fuzzed, each a function of one byte string: the bytes are written to a scratch
 * file (every parser takes a path, as users call it) and handed to the public entry point. A
 * model that loads is then run once ({@link Predictor}). Failures must be typed ({@link
 * Contract}); whatever else is thrown is a finding.
 */
enum FuzzTarget {
  /** A {@code .keras} zip: config.json, metadata.json, model.weights.h5. */
  KERAS_ARCHIVE("model.keras"),
  /** A legacy full-model {@code .h5} (tf-keras or Keras 3's legacy writer). */
  LEGACY_H5("model.h5"),
  /**
   * A weights file plus a config JSON, as {@link #pack} joins them: a 4-byte little-endian
   * length, the config, then the weights ({@code .weights.h5} or legacy weights-only {@code .h5}).
   */
  WEIGHTS_AND_CONFIG("model.weights.h5"),
  /** A model config JSON alone, built in both eras (initializers give the weights). */
  CONFIG_JSON("config.json"),
  /** A NumPy {@code .npy} input array. */
  NPY("input.npy"),
  /** A JSON nested-list input array. */
  JSON_INPUT("input.json"),
  /** A TF Serving REST {@code :predict} request body (row and columnar forms), to two models. */
  TF_SERVING_BODY("request.json"),
  /** A KServe v2 {@code /infer} request body, to two models (one with a BOOL input). */
  KSERVE_BODY("request.json");

  private static final ThreadLocal<Path> SCRATCH = ThreadLocal.withInitial(() -> {
    try {
      Path dir = Files.createTempDirectory("krnn-fuzz");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  });

  /**
   * Campaign mode ({@code -Dkerasrnn.fuzz.runOncePerConfig=true}): a loaded model is run only if
   * no model with the same config JSON was run before in this JVM. Mutations of weight bytes
   * keep the config and only change values; running every one of them costs ~100 ms and no
   * coverage. {@code mvn test} runs every model that loads.
   */
  private static final boolean ONCE_PER_CONFIG = Boolean.getBoolean("kerasrnn.fuzz.runOncePerConfig");
  private static final Set<String> RUN_CONFIGS = ConcurrentHashMap.newKeySet();
  private static final int MAX_REMEMBERED = 100_000;

  private final String fileName;

  FuzzTarget(String fileName) {
    this.fileName = fileName;
  }

  /** The scratch file name the bytes are written to (and errors must name). */
  String fileName() {
    return fileName;
  }

  /** Runs one input; returns normally unless a contract is broken. */
  void run(byte[] data) throws Exception {
    Path dir = SCRATCH.get();
    Path file = dir.resolve(fileName);
    boolean eager = (Arrays.hashCode(data) & 1) == 1;
    switch (this) {
      case KERAS_ARCHIVE, LEGACY_H5 -> {
        Files.write(file, data);
        loadAndRun(() -> Model.load(file), eager);
      }
      case WEIGHTS_AND_CONFIG -> {
        byte[][] parts = unpack(data);
        Path config = dir.resolve("config.json");
        Files.write(config, parts[0]);
        Files.write(file, parts[1]);
        loadAndRun(() -> Model.load(file, config), eager, "config.json");
      }
      case CONFIG_JSON -> {
        String json = new String(data, StandardCharsets.UTF_8);
        for (KerasEra era : KerasEra.values()) {
          Contract.typedOnly(List.of("config"), () -> {
            try (Model m = Model.fromConfig(json, era)) {
              if (era == KerasEra.KERAS_3 && shouldRun("config " + m.spec())) {
                Contract.typedOnly(List.of(), () -> Predictor.runOnce(m, eager));
              }
            }
          });
        }
      }
      case NPY -> {
        Files.write(file, data);
        Contract.typedOnly(List.of(fileName), () -> NpyFile.read(file));
      }
      case JSON_INPUT -> {
        Files.write(file, data);
        Contract.typedOnly(List.of(fileName), () -> JsonArrays.read(file));
      }
      case TF_SERVING_BODY, KSERVE_BODY -> {
        // A bad body is a RequestException (a 4xx with a message); anything else is a finding.
        for (String model : RequestBodies.MODELS) {
          Contract.typedOnly(List.of(), () -> {
            int status = this == TF_SERVING_BODY ? RequestBodies.tfServing(model, data)
                : RequestBodies.kserve(model, data);
            if (status != 200) {
              throw new AssertionError("a handled request answered " + status);
            }
          });
        }
      }
      default -> throw new AssertionError(this);
    }
  }

  /** How a model is loaded. */
  private interface Loader {
    Model load();
  }

  private void loadAndRun(Loader loader, boolean eager, String... otherFiles) throws Exception {
    Model[] loaded = new Model[1];
    List<String> names = new ArrayList<>(List.of(otherFiles));
    names.add(fileName);
    if (Contract.typedOnly(names, () -> loaded[0] = loader.load())) {
      try (Model m = loaded[0]) {
        if (shouldRun(m.era() + " " + m.spec())) {
          Contract.typedOnly(List.of(), () -> Predictor.runOnce(m, eager));
        }
      }
    }
  }

  private static boolean shouldRun(String config) {
    if (!ONCE_PER_CONFIG) {
      return true;
    }
    if (RUN_CONFIGS.size() > MAX_REMEMBERED) {
      RUN_CONFIGS.clear();
    }
    return RUN_CONFIGS.add(config);
  }

  /** Joins a config JSON and a weights file into one input of {@link #WEIGHTS_AND_CONFIG}. */
  static byte[] pack(byte[] config, byte[] weights) {
    return ByteBuffer.allocate(4 + config.length + weights.length).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(config.length).put(config).put(weights).array();
  }

  /** The inverse of {@link #pack}; a short or inconsistent prefix gives an empty config. */
  static byte[][] unpack(byte[] data) {
    if (data.length < 4) {
      return new byte[][] {new byte[0], data};
    }
    long n = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    int configLength = (int) Math.min(n, data.length - 4);
    return new byte[][] {Arrays.copyOfRange(data, 4, 4 + configLength),
        Arrays.copyOfRange(data, 4 + configLength, data.length)};
  }
}
