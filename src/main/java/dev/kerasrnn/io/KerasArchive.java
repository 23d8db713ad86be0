package dev.kerasrnn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.KerasFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The parts of a Keras 3 {@code .keras} zip ({@code saving_lib._save_model_to_fileobj}) this
 * package reads: {@code model.weights.h5}, and the version and config kept beside it.
 */
record KerasArchive(byte[] weightsH5, Optional<String> kerasVersion, Optional<String> configJson) {
  static final String WEIGHTS_ENTRY = "model.weights.h5";
  private static final String METADATA_ENTRY = "metadata.json";
  private static final String CONFIG_ENTRY = "config.json";
  private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

  static boolean isArchive(byte[] head) {
    return HdfOpener.startsWith(head, ZIP_SIGNATURE);
  }

  /** Largest archive entry read into memory (1 GiB). */
  static final int MAX_ENTRY_BYTES = 1 << 30;

  static KerasArchive read(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      byte[] weights = entry(file, zip, WEIGHTS_ENTRY).orElseThrow(() -> new KerasFileException(
          file, WEIGHTS_ENTRY, "expected the weights entry of a .keras archive, found none"));
      Optional<String> version = entry(file, zip, METADATA_ENTRY)
          .flatMap(bytes -> kerasVersion(file, bytes));
      Optional<String> config = entry(file, zip, CONFIG_ENTRY)
          .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
      return new KerasArchive(weights, version, config);
    } catch (IOException e) {
      throw new KerasFileException(file, null, "cannot read the .keras (zip) archive: " + e, e);
    }
  }

  private static Optional<byte[]> entry(Path file, ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      return Optional.empty();
    }
    try (InputStream in = zip.getInputStream(entry)) {
      // Bounded read: a compression bomb stops at the limit instead of exhausting memory.
      byte[] bytes = in.readNBytes(MAX_ENTRY_BYTES + 1);
      if (bytes.length > MAX_ENTRY_BYTES) {
        throw new KerasFileException(file, name,
            "expected an entry of at most " + MAX_ENTRY_BYTES + " bytes, found more");
      }
      return Optional.of(bytes);
    } catch (IOException e) {
      throw new KerasFileException(file, name, "cannot read the archive entry: " + e, e);
    }
  }

  /** {@code metadata.json}'s {@code keras_version}; absent if the entry has none. */
  private static Optional<String> kerasVersion(Path file, byte[] metadata) {
    try {
      JsonNode version = new ObjectMapper().readTree(metadata).path("keras_version");
      return version.isTextual() ? Optional.of(version.asText()) : Optional.empty();
    } catch (IOException e) {
      throw new KerasFileException(file, METADATA_ENTRY, "expected JSON, found: " + e, e);
    }
  }
}
