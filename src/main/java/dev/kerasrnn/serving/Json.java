package dev.kerasrnn.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kerasrnn.core.RequestException;
import java.io.IOException;

/**
 * The server's JSON reader: strict JSON (duplicate keys and trailing content refused), except
 * that {@code NaN} and {@code Infinity} are read so that the error can name them; nesting at most
 * {@value #MAX_DEPTH} deep.
 */
final class Json {
  static final int MAX_DEPTH = 64;
  static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
              .build())
          .build())
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Json() {}

  /** Parses a request body into an object node. */
  static JsonNode parseObject(byte[] body, String expected) {
    JsonNode n;
    try (JsonParser p = MAPPER.createParser(body)) {
      n = MAPPER.readTree(p);
      if (p.nextToken() != null) {
        throw RequestException.badRequest("JSON parse error: content after the request object");
      }
    } catch (IOException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      int cut = m.indexOf("\n at [Source");
      throw RequestException.badRequest("JSON parse error: " + (cut > 0 ? m.substring(0, cut)
          : m).replace('\n', ' '));
    }
    if (n == null || !n.isObject()) {
      throw RequestException.badRequest("expected a JSON object " + expected + ", found "
          + JsonTensors.kindOf(n));
    }
    return n;
  }
}
