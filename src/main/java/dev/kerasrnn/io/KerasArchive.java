package dev.kerasrnn.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.Limits;
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

  /** Most entries an archive may list. */
  static final int MAX_ENTRIES = 100_000;

  /**
   * Reads the archive. Only the three entries above are read, each with a bounded read (a
   * compression bomb stops at the limit); entry names that could escape a folder (absolute,
   * {@code ..}, backslashes, drive letters) make the whole archive refused, since Keras never
   * writes them. Nothing is ever extracted to disk.
   */
  static KerasArchive read(Path file) {
    Limits limits = Limits.current();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      checkNames(file, zip);
      byte[] weights = entry(file, zip, WEIGHTS_ENTRY, limits.maxFileBytes())
          .orElseThrow(() -> new KerasFileException(file, WEIGHTS_ENTRY,
              "expected the weights entry of a .keras archive, found none"));
      Optional<String> version = entry(file, zip, METADATA_ENTRY, limits.maxJsonBytes())
          .flatMap(bytes -> kerasVersion(file, bytes));
      Optional<String> config = entry(file, zip, CONFIG_ENTRY, limits.maxJsonBytes())
          .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
      return new KerasArchive(weights, version, config);
    } catch (IOException e) {
      throw new KerasFileException(file, null, "cannot read the .keras (zip) archive: " + e, e);
    } catch (KerasFileException e) {
      throw e;
    } catch (RuntimeException e) {
      // java.util.zip reports some malformed archives (bad names, headers) unchecked.
      throw new KerasFileException(file, null, "malformed .keras (zip) archive: " + e, e);
    }
  }

  private static void checkNames(Path file, ZipFile zip) {
    int n = 0;
    for (var it = zip.entries(); it.hasMoreElements(); ) {
      String name = it.nextElement().getName();
      if (++n > MAX_ENTRIES) {
        throw new KerasFileException(file, null, "more than " + MAX_ENTRIES + " archive entries");
      }
      if (name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*")
          || java.util.Arrays.asList(name.split("/")).contains("..") || name.indexOf('\0') >= 0) {
        throw new KerasFileException(file, name, "refusing a .keras archive with an entry name"
            + " that could escape its folder (path traversal); Keras never writes such names");
      }
    }
  }

  private static Optional<byte[]> entry(Path file, ZipFile zip, String name, long longLimit)
      throws IOException {
    int limit = (int) Math.min(longLimit, Integer.MAX_VALUE - 8);
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.getSize() > limit) {
      throw new KerasFileException(file, name, "expected an entry of at most " + limit
          + " bytes, its header declares " + entry.getSize());
    }
    try (InputStream in = zip.getInputStream(entry)) {
      // Bounded read: a compression bomb stops at the limit instead of exhausting memory.
      byte[] bytes = in.readNBytes(limit == Integer.MAX_VALUE - 8 ? limit : limit + 1);
      if (bytes.length > limit) {
        throw new KerasFileException(file, name,
            "expected an entry of at most " + limit + " bytes, found more");
      }
      return Optional.of(bytes);
    } catch (IOException e) {
      throw new KerasFileException(file, name, "cannot read the archive entry: " + e, e);
    }
  }

  /** {@code metadata.json}'s {@code keras_version}; absent if the entry has none. */
  private static Optional<String> kerasVersion(Path file, byte[] metadata) {
    JsonNode version = SafeJson.parse(metadata, file, METADATA_ENTRY).path("keras_version");
    return version.isTextual() ? Optional.of(version.asText()) : Optional.empty();
  }
}
