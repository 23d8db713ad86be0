package dev.kerasrnn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Parses untrusted JSON (model configs, {@code metadata.json}, JSON inputs) under {@link Limits}:
 * document size, nesting depth (Jackson's {@link StreamReadConstraints}), string and number
 * lengths. Every failure is a {@link KerasFileException} naming the file and the place inside it.
 */
public final class SafeJson {
  /** Longest JSON number accepted (digits); Keras configs hold short ones. */
  private static final int MAX_NUMBER_LENGTH = 400;

  private static volatile Cached cached;

  private record Cached(Limits limits, ObjectMapper mapper) {}

  private SafeJson() {}

  /** A mapper whose parser enforces {@code limits}. */
  public static ObjectMapper mapper(Limits limits) {
    Cached c = cached;
    if (c != null && c.limits().equals(limits)) {
      return c.mapper();
    }
    StreamReadConstraints constraints = JsonConstraints.of(limits.maxJsonDepth(),
        MAX_NUMBER_LENGTH, (int) limits.maxJsonBytes(), limits.maxJsonBytes(), 1 << 16);
    ObjectMapper m = new ObjectMapper(JsonFactory.builder().streamReadConstraints(constraints)
        .build());
    cached = new Cached(limits, m);
    return m;
  }

  /**
   * Parses {@code bytes} (UTF-8) as one JSON value.
   *
   * @param file the file reported in errors
   * @param where the place inside the file ({@code config.json}, {@code /model_config}) or ""
   * @throws KerasFileException if it is larger or deeper than the limits, or not JSON
   */
  public static JsonNode parse(byte[] bytes, Path file, String where) {
    Limits limits = Limits.current();
    if (bytes.length > limits.maxJsonBytes()) {
      throw new KerasFileException(file, where, "expected JSON of at most "
          + limits.maxJsonBytes() + " bytes, found " + bytes.length);
    }
    try {
      JsonNode n = mapper(limits).readTree(bytes);
      if (n == null || n.isMissingNode()) {
        throw new KerasFileException(file, where, "expected JSON, found an empty document");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new KerasFileException(file, where, "expected JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new KerasFileException(file, where, "cannot read JSON: " + e, e);
    } catch (KerasFileException e) {
      throw e;
    } catch (RuntimeException e) {
      // Jackson reports a few malformed inputs unchecked.
      throw new KerasFileException(file, where, "cannot parse JSON: " + e, e);
    }
  }

  /** {@link #parse(byte[], Path, String)} of a string. */
  public static JsonNode parse(String json, Path file, String where) {
    return parse(json.getBytes(StandardCharsets.UTF_8), file, where);
  }
}
