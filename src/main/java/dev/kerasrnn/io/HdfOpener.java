package dev.kerasrnn.io;

import dev.kerasrnn.core.KerasFileException;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens HDF5 data with jhdf, checks that it is complete and runs a reader over it. Failures
 * become {@link KerasFileException}s that say whether the bytes are not HDF5 at all, or HDF5 that
 * is truncated or corrupt.
 */
final class HdfOpener {
  /** The 8-byte signature every HDF5 file starts with (absent a user block). */
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private HdfOpener() {}

  /** The first bytes of {@code file}, for format sniffing; errors for missing and empty files. */
  static byte[] head(Path file) {
    if (!Files.exists(file)) {
      throw new KerasFileException(file, null, "file not found");
    }
    if (!Files.isRegularFile(file)) {
      throw new KerasFileException(file, null, "expected a regular file, found a directory or"
          + " special file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(16);
      if (head.length == 0) {
        throw new KerasFileException(file, null,
            "file is empty (0 bytes); expected an HDF5 file or a .keras archive");
      }
      return head;
    } catch (IOException e) {
      throw new KerasFileException(file, null, "cannot read: " + e, e);
    }
  }

  /**
   * Reads the HDF5 file {@code file}, whose first bytes are {@code head}. This method owns and
   * closes the file channel whatever happens: {@code new HdfFile(Path)} leaves its channel open
   * when the file is not HDF5, and {@code HdfFile.close()} on a channel-backed file closes the
   * channel but then throws ("No backing file") while logging, so it is not called.
   */
  static <T> T readFile(Path file, byte[] head, Function<HdfContext, T> reader) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(file, null, head, () -> new HdfFile(channel), () -> readAll(file), reader);
    } catch (IOException e) {
      throw new KerasFileException(file, null, "cannot read: " + e, e);
    }
  }

  /** Reads HDF5 bytes from the archive entry {@code entry} of {@code file}; nothing to close. */
  static <T> T readBytes(Path file, String entry, byte[] bytes, Function<HdfContext, T> reader) {
    byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, SIGNATURE.length));
    return read(file, entry, head, () -> HdfFile.fromBytes(bytes), () -> bytes, reader);
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException | OutOfMemoryError e) {
      throw new KerasFileException(file, null, "cannot read the file into memory (needed for"
          + " its untagged opaque datasets, e.g. bfloat16 weights): " + e, e);
    }
  }

  /**
   * @param entry where the HDF5 bytes sit inside {@code file} ({@code null} for the file itself)
   * @param head the first bytes of the HDF5 data, to tell "not HDF5" from "corrupt HDF5"
   * @param all all of the HDF5 bytes, read only for a file with untagged opaque datasets, which
   *     jhdf then reads from a rewritten copy ({@link UntaggedOpaque})
   */
  private static <T> T read(Path file, String entry, byte[] head, Supplier<HdfFile> hdf5,
      Supplier<byte[]> all, Function<HdfContext, T> reader) {
    HdfFile hdfFile = open(file, entry, head, hdf5);
    HdfContext context = new HdfContext(file, entry, hdfFile);
    checkComplete(context, hdfFile);
    UntaggedOpaque opaque = UntaggedOpaque.find(hdfFile);
    if (!opaque.isEmpty()) {
      long base = hdfFile.getHdfBackingStorage().getSuperblock().getBaseAddressByte();
      byte[] rewritten = opaque.apply(all.get(), base);
      hdfFile = open(file, entry, head, () -> HdfFile.fromBytes(rewritten));
      context = new HdfContext(file, entry, hdfFile, opaque.headers());
    }
    return reader.apply(context);
  }

  private static HdfFile open(Path file, String entry, byte[] head, Supplier<HdfFile> hdf5) {
    try {
      return hdf5.get();
    } catch (RuntimeException e) {
      String message = startsWith(head, SIGNATURE)
          ? "corrupt HDF5 file, jhdf cannot open it: " + e
          : "not an HDF5 file: expected the HDF5 signature \\x89HDF\\r\\n\\x1a\\n, found "
              + printable(head);
      throw new KerasFileException(file, entry, message, e);
    }
  }

  /** Compares the end-of-file address the superblock records with the actual size. */
  private static void checkComplete(HdfContext context, HdfFile hdfFile) {
    long expected = context.guard("/", "the superblock", () -> hdfFile.getUserBlockSize()
        + hdfFile.getHdfBackingStorage().getSuperblock().getEndOfFileAddress());
    long actual = context.fileSize();
    if (actual < expected) {
      throw context.error("/", "truncated HDF5 file: the superblock records " + expected
          + " bytes, found " + actual);
    }
  }

  /** Whether {@code head} begins with {@code prefix}. */
  static boolean startsWith(byte[] head, byte[] prefix) {
    return head.length >= prefix.length
        && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The first bytes as text with non-printable bytes escaped, e.g. {@code "hello\x0a"}. */
  static String printable(byte[] head) {
    StringBuilder sb = new StringBuilder("\"");
    for (byte b : head) {
      int c = b & 0xff;
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return sb.append('"').toString();
  }
}
