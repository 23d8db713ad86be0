package dev.kerasrnn.io;

import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.Limits;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
   * Reads the HDF5 file {@code file}, whose first bytes are {@code head}. The whole file is read
   * into memory first (at most {@link Limits#maxFileBytes()}), and jhdf reads from that buffer:
   * every address and length a corrupt file declares then becomes a bounds-checked slice of the
   * buffer, never an allocation of the declared size (jhdf's file-channel reader allocates a
   * buffer of whatever length a header states before reading it).
   */
  static <T> T readFile(Path file, byte[] head, Function<HdfContext, T> reader) {
    return read(file, null, head, readAll(file), reader);
  }

  /** The bytes of {@code file}, refused before reading if larger than the limit. */
  static byte[] readAll(Path file) {
    long limit = Limits.current().maxFileBytes();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > limit) {
        throw new KerasFileException(file, null, "expected a file of at most " + limit
            + " bytes (kerasrnn.limits.maxFileBytes), found " + size);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read until full or end of file
      }
      if (buffer.hasRemaining()) {
        throw new KerasFileException(file, null, "the file shrank while being read: expected "
            + size + " bytes, read " + buffer.position());
      }
      return buffer.array();
    } catch (IOException e) {
      throw new KerasFileException(file, null, "cannot read: " + e, e);
    }
  }

  /** Reads HDF5 bytes from the archive entry {@code entry} of {@code file}; nothing to close. */
  static <T> T readBytes(Path file, String entry, byte[] bytes, Function<HdfContext, T> reader) {
    byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, SIGNATURE.length));
    return read(file, entry, head, bytes, reader);
  }

  /**
   * @param entry where the HDF5 bytes sit inside {@code file} ({@code null} for the file itself)
   * @param head the first bytes of the HDF5 data, to tell "not HDF5" from "corrupt HDF5"
   * @param bytes all of the HDF5 data; a file with untagged opaque datasets is read from a
   *     rewritten copy ({@link UntaggedOpaque})
   */
  private static <T> T read(Path file, String entry, byte[] head, byte[] bytes,
      Function<HdfContext, T> reader) {
    HdfFile hdfFile = open(file, entry, head, () -> HdfFile.fromBytes(bytes));
    HdfContext context = new HdfContext(file, entry, hdfFile);
    checkComplete(context, hdfFile);
    UntaggedOpaque opaque = UntaggedOpaque.find(hdfFile);
    if (!opaque.isEmpty()) {
      long base = hdfFile.getHdfBackingStorage().getSuperblock().getBaseAddressByte();
      byte[] rewritten = opaque.apply(bytes, base);
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
