package dev.kerasrnn.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Fixed-seed mutations for the bounded fuzz run of {@code mvn test}: the byte-level kinds the
 * issue's 93,000-file experiment used (bit flips, byte fills, huge integers written over fields,
 * truncation, splices) plus two structure-aware ones, so that the inside of a {@code .keras} zip
 * and of JSON is reached: a mutation applied to one archive entry (the zip rebuilt around it), and
 * JSON-aware rewrites (huge numbers, deep nesting, swapped tokens). Deterministic for a seed.
 */
final class Mutator {
  private static final long[] HUGE = {0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFFFFFFFFFL,
      0x7FFFFFFFFFFFFFFFL, 0x8000000000000000L, 0x10000L, 0xFFFFL, 1L << 40, -2};
  private static final List<String> JSON_WORDS = List.of("null", "-1", "1e400", "99999999999",
      "[]", "{}", "\"\"", "true", "0", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
      "\"Lambda\"", "\"__keras_tensor__\"", "-0.0", "4294967296");

  private final Random random;

  Mutator(long seed) {
    this.random = new Random(seed);
  }

  /** One mutated copy of {@code seed}; {@code other} is a second seed to splice from. */
  byte[] mutate(byte[] seed, byte[] other) {
    if (isZip(seed) && random.nextInt(3) > 0) {
      return mutateEntry(seed, other);
    }
    if (looksLikeJson(seed) && random.nextBoolean()) {
      return mutateJson(seed);
    }
    return mutateBytes(seed, other);
  }

  /** One of the byte-level mutations. */
  byte[] mutateBytes(byte[] b, byte[] other) {
    if (b.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    byte[] out = b.clone();
    switch (random.nextInt(6)) {
      case 0 -> { // bit flips
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
          int at = random.nextInt(out.length);
          out[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> { // a byte fill
        int at = random.nextInt(out.length);
        int n = Math.min(out.length - at, 1 + random.nextInt(64));
        Arrays.fill(out, at, at + n, (byte) (random.nextBoolean() ? 0xFF : random.nextInt(256)));
      }
      case 2 -> { // a huge integer written over a field, 2, 4 or 8 bytes, either byte order
        int width = List.of(2, 4, 8).get(random.nextInt(3));
        if (out.length >= width) {
          int at = random.nextInt(out.length - width + 1);
          boolean littleEndian = random.nextBoolean();
          long v = HUGE[random.nextInt(HUGE.length)];
          for (int i = 0; i < width; i++) {
            out[at + (littleEndian ? i : width - 1 - i)] = (byte) (v >>> (8 * i));
          }
        }
      }
      case 3 -> out = Arrays.copyOf(out, random.nextInt(out.length)); // truncation
      case 4 -> out = splice(out, other.length == 0 ? out : other); // a splice of two seeds
      default -> { // a duplicated or removed range
        int at = random.nextInt(out.length);
        int n = Math.min(out.length - at, 1 + random.nextInt(256));
        byte[] range = Arrays.copyOfRange(out, at, at + n);
        out = random.nextBoolean() ? concat(Arrays.copyOf(out, at + n), range,
            Arrays.copyOfRange(out, at + n, out.length))
            : concat(Arrays.copyOf(out, at), Arrays.copyOfRange(out, at + n, out.length));
      }
    }
    return out;
  }

  private byte[] splice(byte[] a, byte[] b) {
    int cutA = random.nextInt(a.length);
    int cutB = random.nextInt(b.length);
    return concat(Arrays.copyOf(a, cutA), Arrays.copyOfRange(b, cutB, b.length));
  }

  /** The archive with one entry mutated (bytes or JSON-aware), the zip rebuilt (CRCs valid). */
  private byte[] mutateEntry(byte[] zip, byte[] other) {
    Map<String, byte[]> entries = unzip(zip);
    if (entries.isEmpty()) {
      return mutateBytes(zip, other);
    }
    List<String> names = List.copyOf(entries.keySet());
    String name = names.get(random.nextInt(names.size()));
    byte[] value = entries.get(name);
    entries.put(name, looksLikeJson(value) && random.nextBoolean() ? mutateJson(value)
        : mutateBytes(value, value));
    return zip(entries);
  }

  /** A JSON-aware rewrite: a token replaced, a number made huge, a value nested deeply. */
  byte[] mutateJson(byte[] json) {
    String s = new String(json, StandardCharsets.UTF_8);
    if (s.isEmpty()) {
      return json;
    }
    int at = random.nextInt(s.length());
    String word = JSON_WORDS.get(random.nextInt(JSON_WORDS.size()));
    String out;
    switch (random.nextInt(3)) {
      case 0 -> { // replace the token at a random position
        int end = at;
        while (end < s.length() && "{}[],:".indexOf(s.charAt(end)) < 0) {
          end++;
        }
        out = s.substring(0, at) + word + s.substring(end);
      }
      case 1 -> out = s.replaceFirst("(?<=[\\[ :])\\d+(?=[,\\]])", word); // first number
      default -> out = s.substring(0, at) + word + s.substring(at); // insert
    }
    return out.getBytes(StandardCharsets.UTF_8);
  }

  static boolean isZip(byte[] b) {
    return b.length > 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
  }

  private static boolean looksLikeJson(byte[] b) {
    int i = 0;
    while (i < b.length && Character.isWhitespace(b[i])) {
      i++;
    }
    return i < b.length && (b[i] == '{' || b[i] == '[');
  }

  private static Map<String, byte[]> unzip(byte[] b) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(b))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        out.put(e.getName(), in.readAllBytes());
      }
    } catch (IOException | RuntimeException e) {
      out.clear();
    }
    return out;
  }

  /** Stored entries, as Keras writes them. */
  private static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry z = new ZipEntry(e.getKey());
        z.setMethod(ZipEntry.STORED);
        z.setSize(e.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(e.getValue());
        z.setCrc(crc.getValue());
        out.putNextEntry(z);
        out.write(e.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
