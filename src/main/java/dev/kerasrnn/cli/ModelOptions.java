package dev.kerasrnn.cli;

import dev.kerasrnn.model.Model;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model arguments the subcommands share: a model file, and a config for weights-only files. */
final class ModelOptions {
  @Parameters(index = "0", paramLabel = "MODEL",
      description = "A .keras archive, a legacy .h5 model, or a weights file with --config.")
  Path model;

  @Option(names = "--config", paramLabel = "JSON",
      description = "The model config (model.to_json()) for a weights-only file.")
  Path config;

  Model load() {
    return config == null ? Model.load(model) : Model.load(model, config);
  }
}
