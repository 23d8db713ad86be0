package dev.kerasrnn.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.RequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KServe's v2 inference protocol, the Open Inference Protocol's REST binding ({@code
 * kserve/open-inference-protocol}, {@code specification/protocol/inference_rest.md}): health,
 * server and model metadata, model readiness and {@code POST
 * /v2/models/NAME[/versions/V]/infer} with typed tensors ({@code name}, {@code shape}, {@code
 * datatype}, flat or nested {@code data}); outputs are written flat in row-major order.
 */
final class KServeApi {
  private static final Pattern MODEL = Pattern.compile(
      "/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/infer)?");

  private final Map<String, ServedModel> models;
  private final BooleanSupplier ready;
  private final String serverVersion;

  KServeApi(Map<String, ServedModel> models, BooleanSupplier ready, String serverVersion) {
    this.models = models;
    this.ready = ready;
    this.serverVersion = serverVersion;
  }

  Response handle(String method, String path, byte[] body) {
    switch (path) {
      case "/v2/health/live":
        expect(method, "GET", path);
        return Response.json(200, g -> object(g, "live", true));
      case "/v2/health/ready":
        expect(method, "GET", path);
        boolean r = ready.getAsBoolean();
        return Response.json(r ? 200 : 503, g -> object(g, "ready", r));
      case "/v2":
        expect(method, "GET", path);
        return Response.json(200, g -> {
          g.writeStartObject();
          g.writeStringField("name", "keras-rnn");
          g.writeStringField("version", serverVersion);
          g.writeArrayFieldStart("extensions");
          g.writeEndArray();
          g.writeEndObject();
        });
      default:
        break;
    }
    Matcher m = MODEL.matcher(path);
    if (!m.matches()) {
      throw new RequestException(404, "no such endpoint: " + path + " (the v2 protocol serves"
          + " /v2, /v2/health/live, /v2/health/ready, /v2/models/NAME[/versions/V],"
          + " .../ready and .../infer)");
    }
    ServedModel model = models.get(m.group(1));
    if (model == null) {
      throw new RequestException(404, "model '" + m.group(1) + "' is not served; models: "
          + models.keySet());
    }
    if (m.group(2) != null && !m.group(2).equals(ServedModel.VERSION)) {
      throw new RequestException(404, "model '" + model.name() + "' has no version '"
          + m.group(2) + "'; version " + ServedModel.VERSION + " is served");
    }
    String action = m.group(3);
    if ("/infer".equals(action)) {
      expect(method, "POST", path);
      return infer(model, Json.parseObject(body, "with \"inputs\""));
    }
    expect(method, "GET", path);
    if ("/ready".equals(action)) {
      boolean r = ready.getAsBoolean();
      return Response.json(r ? 200 : 503, g -> {
        g.writeStartObject();
        g.writeStringField("name", model.name());
        g.writeBooleanField("ready", r);
        g.writeEndObject();
      });
    }
    return Response.json(200, g -> {
      g.writeStartObject();
      g.writeStringField("name", model.name());
      g.writeArrayFieldStart("versions");
      g.writeString(ServedModel.VERSION);
      g.writeEndArray();
      g.writeStringField("platform", "keras_rnn_java");
      tensors(g, "inputs", model.inputs());
      tensors(g, "outputs", model.outputs());
      g.writeEndObject();
    });
  }

  private static void expect(String method, String allowed, String path) {
    if (!method.equals(allowed)) {
      throw new RequestException(405, "method " + method + " is not allowed on " + path
          + "; expected " + allowed);
    }
  }

  private static void object(JsonGenerator g, String key, boolean value) throws IOException {
    g.writeStartObject();
    g.writeBooleanField(key, value);
    g.writeEndObject();
  }

  private static void tensors(JsonGenerator g, String field, List<TensorInfo> list)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (TensorInfo t : list) {
      g.writeStartObject();
      g.writeStringField("name", t.name());
      g.writeStringField("datatype", t.datatype().name());
      g.writeArrayFieldStart("shape");
      for (long d : t.shape()) {
        g.writeNumber(d);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static Response infer(ServedModel model, JsonNode request) {
    JsonNode inputs = request.get("inputs");
    if (inputs == null || !inputs.isArray()) {
      throw RequestException.badRequest("expected \"inputs\": a list of tensors (name, shape,"
          + " datatype, data), found " + JsonTensors.kindOf(inputs));
    }
    JsonNode id = request.get("id");
    if (id != null && !id.isTextual()) {
      throw RequestException.badRequest("\"id\" must be a string, found " + JsonTensors.kindOf(id));
    }
    List<Integer> wanted = requestedOutputs(model, request.get("outputs"));
    TensorValues[] byInput = new TensorValues[model.inputs().size()];
    for (int i = 0; i < inputs.size(); i++) {
      JsonNode t = inputs.get(i);
      if (!t.isObject()) {
        throw RequestException.badRequest("inputs[" + i + "]: expected a tensor object, found "
            + JsonTensors.kindOf(t));
      }
      String name = text(t, "name", "inputs[" + i + "]");
      int k = model.inputIndex(name);
      if (k < 0) {
        throw RequestException.badRequest("inputs[" + i + "] is named '" + name + "', which"
            + " model '" + model.name() + "' does not have; its inputs are "
            + model.inputNames());
      }
      if (byInput[k] != null) {
        throw RequestException.badRequest("input '" + name + "' is given twice");
      }
      byInput[k] = tensor(model.inputs().get(k), t);
    }
    for (int k = 0; k < byInput.length; k++) {
      if (byInput[k] == null) {
        throw RequestException.badRequest("input '" + model.inputs().get(k).name() + "' of model '"
            + model.name() + "' is missing (inputs " + model.inputNames() + ")");
      }
    }
    List<HostArray> out = model.predict(Arrays.asList(byInput));
    return Response.json(200, g -> {
      g.writeStartObject();
      g.writeStringField("model_name", model.name());
      g.writeStringField("model_version", ServedModel.VERSION);
      if (id != null) {
        g.writeStringField("id", id.asText());
      }
      g.writeArrayFieldStart("outputs");
      for (int k : wanted) {
        HostArray a = out.get(k);
        g.writeStartObject();
        g.writeStringField("name", model.outputNames().get(k));
        g.writeStringField("datatype", JsonTensors.datatype(a).name());
        g.writeArrayFieldStart("shape");
        for (long d : a.shape()) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeFieldName("data");
        JsonTensors.writeFlat(g, a);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static TensorValues tensor(TensorInfo input, JsonNode t) {
    String what = "input '" + input.name() + "'";
    Datatype given = Datatype.parse(text(t, "datatype", what));
    if (given == null) {
      throw RequestException.badRequest(what + ": unknown datatype " + t.get("datatype")
          + "; expected one of " + Arrays.toString(Datatype.values()));
    }
    boolean ok = input.datatype().isFloat() ? given.isFloat()
        : input.datatype().isInteger() ? given.isInteger() : given == input.datatype();
    if (!ok) {
      throw RequestException.badRequest(what + ": expected datatype " + input.datatype()
          + (input.datatype().isFloat() ? " (or another FP type)" : input.datatype().isInteger()
          ? " (or another INT/UINT type)" : "") + ", given " + given);
    }
    JsonNode shapeNode = t.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw RequestException.badRequest(what + ": expected \"shape\", a list of sizes, found "
          + JsonTensors.kindOf(shapeNode));
    }
    long[] shape = new long[shapeNode.size()];
    for (int d = 0; d < shape.length; d++) {
      JsonNode s = shapeNode.get(d);
      if (!s.isIntegralNumber() || !s.canConvertToLong() || s.longValue() < 0) {
        throw RequestException.badRequest(what + ": shape[" + d + "] must be a size ≥ 0, found "
            + s);
      }
      shape[d] = s.longValue();
    }
    JsonNode data = t.get("data");
    if (data == null) {
      throw RequestException.badRequest(what + ": \"data\" is missing");
    }
    TensorValues v = JsonTensors.read(data, TensorValues.Kind.of(given), what + " data");
    long expected;
    try {
      expected = TensorValues.count(shape);
    } catch (ArithmeticException e) {
      throw RequestException.badRequest(what + ": shape " + Arrays.toString(shape)
          + " is too large");
    }
    boolean flat = v.shape().length == 1 && v.size() == expected;
    if (!flat && !Arrays.equals(v.shape(), shape)) {
      throw RequestException.badRequest(what + ": shape " + Arrays.toString(shape) + " holds "
          + expected + " elements, but \"data\" has " + v.size() + " (nested as "
          + Arrays.toString(v.shape()) + "); give them flat in row-major order or nested as"
          + " the shape");
    }
    if (given.isInteger()) {
      checkRange(given, v, what);
    }
    return v.withShape(shape);
  }

  private static void checkRange(Datatype d, TensorValues v, String what) {
    int bits = Integer.parseInt(d.name().replaceAll("\\D", ""));
    boolean unsigned = d.name().startsWith("U");
    for (int i = 0; i < v.longs().length; i++) {
      long x = v.longs()[i];
      boolean ok = unsigned ? x >= 0 && (bits == 64 || x < (1L << bits))
          : bits == 64 || (x >= -(1L << (bits - 1)) && x < (1L << (bits - 1)));
      if (!ok) {
        throw RequestException.badRequest(what + ": value " + x + " at flat index " + i
            + " is out of the " + d + " range");
      }
    }
  }

  private static List<Integer> requestedOutputs(ServedModel model, JsonNode outputs) {
    List<Integer> all = new ArrayList<>();
    if (outputs == null) {
      for (int k = 0; k < model.outputs().size(); k++) {
        all.add(k);
      }
      return all;
    }
    if (!outputs.isArray()) {
      throw RequestException.badRequest("\"outputs\" must be a list of {\"name\": ...},"
          + " found " + JsonTensors.kindOf(outputs));
    }
    for (int i = 0; i < outputs.size(); i++) {
      JsonNode o = outputs.get(i);
      if (!o.isObject()) {
        throw RequestException.badRequest("outputs[" + i + "]: expected an object with \"name\","
            + " found " + JsonTensors.kindOf(o));
      }
      String name = text(o, "name", "outputs[" + i + "]");
      int k = model.outputIndex(name);
      if (k < 0) {
        throw RequestException.badRequest("outputs[" + i + "] asks for output '" + name
            + "', which model '" + model.name() + "' does not have; its outputs are "
            + model.outputNames());
      }
      all.add(k);
    }
    return all;
  }

  private static String text(JsonNode object, String field, String what) {
    JsonNode n = object.get(field);
    if (n == null || !n.isTextual()) {
      throw RequestException.badRequest(what + ": expected \"" + field + "\", a string, found "
          + JsonTensors.kindOf(n));
    }
    return n.asText();
  }
}
