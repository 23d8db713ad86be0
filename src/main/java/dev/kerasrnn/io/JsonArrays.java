package dev.kerasrnn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Arrays written as JSON nested lists ({@code [[1.0, 2.0], [3.0, 4.0]]}), read as a stream: a
 * number with a fraction or exponent anywhere makes a float32 {@link HostArray}, otherwise an
 * int32 {@link IntArray}. The lists must be rectangular; size, rank and element count are
 * bounded ({@link #MAX_BYTES}, {@link #MAX_RANK}, {@link Limits#maxTensorBytes()}) before
 * anything grows past them.
 */
public final class JsonArrays {
  /** Largest JSON input file read. */
  public static final long MAX_BYTES = 256L << 20;
  /** Highest rank read. */
  public static final int MAX_RANK = 32;
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(JsonConstraints.of(MAX_RANK + 1, 400, 20_000_000, MAX_BYTES,
          50_000))
      .build();

  private JsonArrays() {}

  /**
   * Reads the array in {@code file}.
   *
   * @throws KerasFileException naming the file and, where known, the line and column
   */
  public static Object read(Path file) {
    try (InputStream in = Files.newInputStream(file); JsonParser p = FACTORY.createParser(in)) {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new KerasFileException(file, "", "expected a JSON input of at most " + MAX_BYTES
            + " bytes, found " + size);
      }
      return new Reader(file, p, Limits.current().maxTensorBytes() / 4).read();
    } catch (StreamConstraintsException e) {
      throw new KerasFileException(file, "", "JSON input beyond the limits: "
          + e.getOriginalMessage(), e);
    } catch (JsonParseException e) {
      throw new KerasFileException(file, where(e.getLocation()), "expected a JSON array: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new KerasFileException(file, "", "cannot read the JSON input: " + e, e);
    }
  }

  private static String where(com.fasterxml.jackson.core.JsonLocation l) {
    return l == null ? "" : "line " + l.getLineNr() + ", column " + l.getColumnNr();
  }

  /** One pass over the tokens. */
  private static final class Reader {
    private final Path file;
    private final JsonParser p;
    private final long maxElements;
    private final long[] shape = new long[MAX_RANK];
    private final long[] counts = new long[MAX_RANK + 1];
    private int rank = -1;
    private int[] ints = new int[16];
    private float[] floats;
    private int n;

    Reader(Path file, JsonParser p, long maxElements) {
      this.file = file;
      this.p = p;
      this.maxElements = Math.min(maxElements, Integer.MAX_VALUE - 8);
      Arrays.fill(shape, -1);
    }

    Object read() throws IOException {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw error("expected a JSON array or number, found an empty file");
      }
      value(t, 0);
      if (p.nextToken() != null) {
        throw error("expected the end of the JSON input after the array");
      }
      long[] s = Arrays.copyOf(shape, rank);
      return floats != null ? HostArray.ofFloats(s, Arrays.copyOf(floats, n))
          : IntArray.of(s, Arrays.copyOf(ints, n));
    }

    private void value(JsonToken t, int depth) throws IOException {
      if (t == JsonToken.START_ARRAY) {
        if (depth >= MAX_RANK || (rank >= 0 && depth >= rank)) {
          throw error(depth >= MAX_RANK ? "expected at most " + MAX_RANK + " nested lists"
              : "expected a number at depth " + depth + " (rank " + rank + "), found a list");
        }
        long count = 0;
        for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; count++) {
          if (e == null) {
            throw error("unexpected end of the JSON input");
          }
          value(e, depth + 1);
        }
        if (count == 0 && rank < 0) {
          rank = depth + 1;
        }
        if (shape[depth] < 0) {
          shape[depth] = count;
        } else if (shape[depth] != count) {
          throw error("expected a rectangular nested list: a list of " + shape[depth]
              + " elements at depth " + depth + ", found one of " + count);
        }
        return;
      }
      if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
        throw error("expected a number or a list, found " + t);
      }
      if (rank < 0) {
        rank = depth;
      } else if (depth != rank) {
        throw error("expected a rectangular nested list: a number at depth " + depth
            + ", expected depth " + rank);
      }
      add(t);
    }

    private void add(JsonToken t) throws IOException {
      if (n >= maxElements) {
        throw error("expected at most " + maxElements + " numbers"
            + " (kerasrnn.limits.maxTensorBytes / 4), found more");
      }
      if (floats == null && t == JsonToken.VALUE_NUMBER_FLOAT) {
        floats = new float[ints.length];
        for (int i = 0; i < n; i++) {
          floats[i] = ints[i];
        }
        ints = null;
      }
      if (floats != null) {
        if (n == floats.length) {
          floats = Arrays.copyOf(floats, grow(n));
        }
        floats[n++] = (float) p.getDoubleValue();
        return;
      }
      if (p.getNumberType() != JsonParser.NumberType.INT) {
        throw error("value " + p.getText() + " does not fit int32");
      }
      if (n == ints.length) {
        ints = Arrays.copyOf(ints, grow(n));
      }
      ints[n++] = p.getIntValue();
    }

    private int grow(int size) {
      return (int) Math.min(maxElements, Math.max(16L, size * 2L));
    }

    private KerasFileException error(String message) {
      return new KerasFileException(file, where(p.currentLocation()), message);
    }
  }
}
