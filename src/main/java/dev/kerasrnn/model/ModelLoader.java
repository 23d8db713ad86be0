package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.Limits;
import dev.kerasrnn.io.ConfigLimits;
import dev.kerasrnn.io.KerasWeightsFile;
import dev.kerasrnn.io.SafeJson;
import dev.kerasrnn.runtime.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens model files by content, reads the config and the era, builds the {@link Model} and loads
 * its weights; Keras's {@code keras.models.load_model} (and {@code model_from_json} followed by
 * {@code load_weights}). Nothing is executed before the whole config is understood, and nothing is
 * written anywhere.
 */
final class ModelLoader {

  private ModelLoader() {}

  static Model load(Path file) {
    return load(file, LoadOptions.DEFAULT);
  }

  static Model load(Path file, LoadOptions options) {
    Environment.prepareInBackground();
    KerasWeightsFile weights = KerasWeightsFile.open(file);
    String json = weights.modelConfigJson().orElseThrow(() -> new KerasFileException(file, "",
        "the file holds weights only (" + weights.format() + "), no model config; load it with"
            + " Model.load(weightsFile, configJson)"));
    JsonNode config = parse(json, file, weights.format() == KerasWeightsFile.Format.KERAS_WEIGHTS_H5
        ? "config.json" : "/model_config");
    KerasEra era = era(file, weights.kerasVersion(), config);
    Model model = build(config, era, "file '" + file + "'", options);
    model.jitCompile(jitCompile(config));
    model.loadWeights(weights);
    return model;
  }

  /**
   * Whether the saved {@code compile_config} has {@code jit_compile: true} (Keras 3 recompiles
   * the reloaded model so; {@code "auto"} means no XLA on a CPU-only machine).
   */
  static boolean jitCompile(JsonNode config) {
    return config.path("compile_config").path("jit_compile").asBoolean(false)
        && config.path("compile_config").path("jit_compile").isBoolean();
  }

  static Model load(Path weightsFile, Path configFile) {
    return load(weightsFile, configFile, null, LoadOptions.DEFAULT);
  }

  /** @param eraOrNull the Keras era, or null to read it from the files */
  static Model load(Path weightsFile, Path configFile, KerasEra eraOrNull, LoadOptions options) {
    Environment.prepareInBackground();
    JsonNode config = parse(readConfig(configFile), configFile, "");
    KerasWeightsFile weights = KerasWeightsFile.open(weightsFile);
    KerasEra era = eraOrNull != null ? eraOrNull
        : era(weightsFile, weights.kerasVersion(), config);
    Model model = build(config, era, "file '" + configFile + "'", options);
    model.jitCompile(jitCompile(config));
    model.loadWeights(weights);
    return model;
  }

  static Model fromConfig(String json, KerasEra era, String where) {
    return build(parse(json, Path.of(where), ""), era, where, LoadOptions.DEFAULT);
  }

  private static Model build(JsonNode config, KerasEra era, String where, LoadOptions options) {
    return Model.build(ModelConfigParser.parse(config, where, era), era, where, options);
  }

  /**
   * The era: the file's {@code keras_version}, else the config's (tf-keras's {@code to_json}
   * writes one), else Keras 3 if the config uses Keras 3 forms ({@code __keras_tensor__},
   * {@code batch_shape}, {@code DTypePolicy}), else tf-keras.
   */
  static KerasEra era(Path file, Optional<String> fileVersion, JsonNode config) {
    String version = fileVersion.orElse(null);
    if (version == null && config.path("keras_version").isTextual()) {
      version = config.get("keras_version").asText();
    }
    if (version != null) {
      try {
        return KerasEra.fromVersion(version);
      } catch (IllegalArgumentException e) {
        throw new KerasFileException(file, "keras_version", e.getMessage());
      }
    }
    String text = config.toString();
    boolean keras3 = text.contains("\"__keras_tensor__\"") || text.contains("\"batch_shape\"")
        || text.contains("\"DTypePolicy\"");
    return keras3 ? KerasEra.KERAS_3 : KerasEra.KERAS_2;
  }

  private static String readConfig(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      int max = (int) Limits.current().maxJsonBytes();
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        throw new KerasFileException(file, "", "expected a config JSON of at most "
            + max + " bytes (kerasrnn.limits.maxJsonBytes), found more");
      }
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KerasFileException(file, "", "cannot read the config JSON: " + e, e);
    }
  }

  private static JsonNode parse(String json, Path file, String where) {
    JsonNode n = SafeJson.parse(json, file, where);
    if (!n.isObject()) {
      throw new KerasFileException(file, where, "expected a JSON object (the model config)");
    }
    ConfigLimits.check(n, file, where);
    return n;
  }
}
