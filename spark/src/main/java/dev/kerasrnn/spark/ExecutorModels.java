package dev.kerasrnn.spark;

import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.model.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The models of this JVM (a Spark executor, or the driver), one per model file content: loaded
 * once from the bytes the job ships (keyed by their SHA-256), shared by every task, closed when
 * the JVM stops. TensorFlow's native library loads once per JVM, so the models live here, in a
 * static holder, not in the serialized task.
 */
final class ExecutorModels {
  private static final Map<String, Model> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll,
        "keras-rnn-spark-models"));
  }

  private ExecutorModels() {}

  /** The model of these bytes ({@code fileName} gives the extension Keras wrote). */
  static Model get(String sha256, String fileName, Supplier<byte[]> bytes) {
    return MODELS.computeIfAbsent(sha256, h -> load(h, fileName, bytes.get()));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static Model load(String sha256, String fileName, byte[] bytes) {
    if (!sha256(bytes).equals(sha256)) {
      throw new KerasFileException(Path.of(fileName), "", "the shipped bytes do not hash to "
          + sha256 + " (corrupted on the way to this executor)");
    }
    try {
      Path dir = Files.createTempDirectory("keras-rnn-spark-");
      Path file = dir.resolve(Path.of(fileName).getFileName().toString());
      try {
        Files.write(file, bytes);
        return Model.load(file);
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage " + fileName + " for loading: " + e, e);
    }
  }

  static void closeAll() {
    MODELS.values().forEach(Model::close);
    MODELS.clear();
  }
}
