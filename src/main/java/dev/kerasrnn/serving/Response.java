package dev.kerasrnn.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An HTTP response: status and a JSON body. */
record Response(int status, byte[] body) {
  /** Writes a JSON body with {@code writer}. */
  static Response json(int status, BodyWriter writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(bytes)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Response(status, bytes.toByteArray());
  }

  /** {@code {"error": message}}, as both protocols answer errors. */
  static Response error(int status, String message) {
    return json(status, g -> {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    });
  }

  /** Writes a JSON value. */
  @FunctionalInterface
  interface BodyWriter {
    void write(JsonGenerator g) throws IOException;
  }
}
