package dev.kerasrnn.io;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.KerasFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0–3.0), for the arrays the CLI reads and writes:
 * C-order float32, float64 and int32 (either byte order on read; little-endian on write), as
 * {@code numpy.save} / {@code numpy.load} do. Reads are bounded by the file size and {@link
 * #MAX_BYTES}.
 */
public final class NpyFile {
  /** Largest array read (bytes). */
  public static final long MAX_BYTES = Integer.MAX_VALUE - 8;
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyFile() {}

  /**
   * Reads an array: a {@link HostArray} for float32/float64, an {@link IntArray} for int32 (also
   * int64 and bool values that fit, converted to int32).
   *
   * @throws KerasFileException naming the file if it is not such an array
   */
  public static Object read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      byte[] head = in.readNBytes(10);
      if (head.length < 10 || !startsWith(head, MAGIC)) {
        throw new KerasFileException(file, "", "not a .npy file (missing the \\x93NUMPY magic)");
      }
      int major = head[6];
      int headerLen;
      if (major == 1) {
        headerLen = (head[8] & 0xff) | (head[9] & 0xff) << 8;
      } else if (major == 2 || major == 3) {
        byte[] more = in.readNBytes(2);
        if (more.length < 2) {
          throw new KerasFileException(file, "", "truncated .npy header");
        }
        headerLen = (head[8] & 0xff) | (head[9] & 0xff) << 8 | (more[0] & 0xff) << 16
            | (more[1] & 0xff) << 24;
      } else {
        throw new KerasFileException(file, "", "unsupported .npy version " + major);
      }
      if (headerLen < 0 || headerLen > 1 << 20 || headerLen > size) {
        throw new KerasFileException(file, "", "implausible .npy header length " + headerLen);
      }
      String header = new String(in.readNBytes(headerLen), StandardCharsets.ISO_8859_1);
      String descr = group(DESCR, header, file, "descr");
      if (group(FORTRAN, header, file, "fortran_order").equals("True")) {
        throw new KerasFileException(file, "", "Fortran-order arrays are not supported");
      }
      long[] shape = parseShape(group(SHAPE, header, file, "shape"), file);
      ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      String kind = descr.replaceAll("^[<>|=]", "");
      int itemSize = switch (kind) {
        case "f4", "i4" -> 4;
        case "f8", "i8" -> 8;
        case "b1", "u1", "i1" -> 1;
        default -> throw new KerasFileException(file, "", "unsupported dtype '" + descr
            + "'; expected float32, float64 or int32");
      };
      long n = 1;
      for (long d : shape) {
        n = Math.multiplyExact(n, d);
      }
      long bytes = Math.multiplyExact(n, itemSize);
      if (bytes > MAX_BYTES || bytes > size) {
        throw new KerasFileException(file, "", "the header declares " + bytes
            + " bytes of data, the file has " + size + " in all");
      }
      byte[] data = in.readNBytes((int) bytes);
      if (data.length != bytes) {
        throw new KerasFileException(file, "", "truncated: expected " + bytes
            + " bytes of data, found " + data.length);
      }
      switch (kind) {
        case "f4":
          return HostArray.ofBytes(DType.FLOAT32, shape, data, order);
        case "f8":
          return HostArray.ofBytes(DType.FLOAT64, shape, data, order);
        default:
          return ints(file, kind, shape, data, order, (int) n);
      }
    } catch (IOException e) {
      throw new KerasFileException(file, "", "cannot read: " + e, e);
    } catch (ArithmeticException e) {
      throw new KerasFileException(file, "", "shape too large");
    }
  }

  private static IntArray ints(Path file, String kind, long[] shape, byte[] data, ByteOrder order,
      int n) {
    ByteBuffer b = ByteBuffer.wrap(data).order(order);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      long x = switch (kind) {
        case "i4" -> b.getInt();
        case "i8" -> b.getLong();
        case "i1" -> b.get();
        default -> b.get() & 0xff;
      };
      if (x != (int) x) {
        throw new KerasFileException(file, "", "value " + x + " at " + i + " does not fit int32");
      }
      v[i] = (int) x;
    }
    return IntArray.of(shape, v);
  }

  /** Writes a float array (its dtype, float32 or float64; half precision as float32). */
  public static void write(Path file, HostArray a) {
    DType d = a.dtype();
    if (d == DType.FLOAT32 || d == DType.FLOAT64) {
      writeRaw(file, d == DType.FLOAT32 ? "<f4" : "<f8", a.shape(), a.bytes());
      return;
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(a.size() * 4)).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < a.size(); i++) {
      b.putFloat((float) a.getDouble(i));
    }
    writeRaw(file, "<f4", a.shape(), b.array());
  }

  /** Writes an int32 array. */
  public static void write(Path file, IntArray a) {
    ByteBuffer b = ByteBuffer.allocate(a.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < a.size(); i++) {
      b.putInt(a.get(i));
    }
    writeRaw(file, "<i4", a.shape(), b.array());
  }

  private static void writeRaw(Path file, String descr, long[] shape, byte[] data) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      s.append(shape[i]).append(shape.length == 1 || i < shape.length - 1 ? "," : "");
      if (i < shape.length - 1) {
        s.append(' ');
      }
    }
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + s + "), }";
    int unpadded = MAGIC.length + 4 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(MAGIC);
      out.write(new byte[] {1, 0, (byte) (header.length() & 0xff), (byte) (header.length() >> 8)});
      out.write(header.getBytes(StandardCharsets.ISO_8859_1));
      out.write(data);
    } catch (IOException e) {
      throw new KerasFileException(file, "", "cannot write: " + e, e);
    }
  }

  private static long[] parseShape(String dims, Path file) {
    List<Long> out = new ArrayList<>();
    for (String d : dims.split(",")) {
      String t = d.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (!t.matches("\\d{1,12}")) {
        throw new KerasFileException(file, "", "bad shape entry '" + t + "'");
      }
      out.add(Long.parseLong(t));
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static String group(Pattern p, String header, Path file, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new KerasFileException(file, "", ".npy header lacks '" + key + "': " + header.trim());
    }
    return m.group(1);
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (a[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
