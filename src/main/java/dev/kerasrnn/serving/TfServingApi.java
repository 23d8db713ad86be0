package dev.kerasrnn.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.RequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TensorFlow Serving's REST API ({@code tensorflow_serving/g3doc/api_rest.md}): {@code POST
 * /v1/models/NAME[/versions/V]:predict} in the row ({@code "instances"}) or columnar ({@code
 * "inputs"}) form, answered {@code {"predictions": ...}} or {@code {"outputs": ...}} (one output
 * bare, several by name); {@code GET /v1/models/NAME[/versions/V]} (status) and {@code .../metadata}
 * (signature). Errors are {@code {"error": "..."}} with TF Serving's statuses: 400 for an invalid
 * argument or a malformed request, 404 for a model or version not served.
 */
final class TfServingApi {
  static final String SIGNATURE = "serving_default";
  private static final Pattern PATH = Pattern.compile(
      "/v1/models/([^/:]+)(?:/versions/([0-9]+)|/labels/([^/:]+))?(?::([a-z]+)|/(metadata))?");

  private final Map<String, ServedModel> models;

  TfServingApi(Map<String, ServedModel> models) {
    this.models = models;
  }

  Response handle(String method, String path, byte[] body) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      throw malformed(method, path);
    }
    ServedModel model = find(m.group(1), m.group(2), m.group(3));
    String verb = m.group(4);
    if (verb != null) {
      if (!method.equals("POST")) {
        throw malformed(method, path);
      }
      if (!verb.equals("predict")) {
        throw RequestException.badRequest("model '" + model.name() + "' serves :predict only"
            + " (a Keras model has a predict signature, not " + verb + ")");
      }
      return predict(model, Json.parseObject(body, "with \"instances\" or \"inputs\""));
    }
    if (!method.equals("GET")) {
      throw malformed(method, path);
    }
    return m.group(5) != null ? metadata(model) : status();
  }

  private static RequestException malformed(String method, String path) {
    return RequestException.badRequest("Malformed request: " + method + " " + path);
  }

  private ServedModel find(String name, String version, String label) {
    ServedModel model = models.get(name);
    if (model == null) {
      throw new RequestException(404, "Servable not found for request: Latest(" + name + ")");
    }
    if (version != null && !version.equals(ServedModel.VERSION)) {
      throw new RequestException(404, "Servable not found for request: Specific(" + name + ", "
          + version + ")");
    }
    if (label != null) {
      throw new RequestException(404, "Servable not found for request: Labeled(" + name + ", "
          + label + "); no version labels are defined (version " + ServedModel.VERSION + " is"
          + " served)");
    }
    return model;
  }

  private static Response status() {
    return Response.json(200, g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("model_version_status");
      g.writeStartObject();
      g.writeStringField("version", ServedModel.VERSION);
      g.writeStringField("state", "AVAILABLE");
      g.writeObjectFieldStart("status");
      g.writeStringField("error_code", "OK");
      g.writeStringField("error_message", "");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static Response metadata(ServedModel model) {
    return Response.json(200, g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("model_spec");
      g.writeStringField("name", model.name());
      g.writeStringField("signature_name", "");
      g.writeStringField("version", ServedModel.VERSION);
      g.writeEndObject();
      g.writeObjectFieldStart("metadata");
      g.writeObjectFieldStart("signature_def");
      g.writeObjectFieldStart("signature_def");
      g.writeObjectFieldStart(SIGNATURE);
      g.writeObjectFieldStart("inputs");
      for (TensorInfo t : model.inputs()) {
        tensorInfo(g, t, "serving_default_" + t.name() + ":0");
      }
      g.writeEndObject();
      g.writeObjectFieldStart("outputs");
      for (TensorInfo t : model.outputs()) {
        tensorInfo(g, t, "StatefulPartitionedCall:" + model.outputIndex(t.name()));
      }
      g.writeEndObject();
      g.writeStringField("method_name", "tensorflow/serving/predict");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static void tensorInfo(JsonGenerator g, TensorInfo t, String tensorName)
      throws IOException {
    g.writeObjectFieldStart(t.name());
    g.writeStringField("dtype", t.datatype().tensorflowName());
    g.writeObjectFieldStart("tensor_shape");
    g.writeArrayFieldStart("dim");
    for (long d : t.shape()) {
      g.writeStartObject();
      g.writeStringField("size", Long.toString(d));
      g.writeStringField("name", "");
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeBooleanField("unknown_rank", false);
    g.writeEndObject();
    g.writeStringField("name", tensorName);
    g.writeEndObject();
  }

  private static Response predict(ServedModel model, JsonNode request) {
    JsonNode signature = request.get("signature_name");
    if (signature != null && !(signature.isTextual() && signature.asText().equals(SIGNATURE))) {
      throw RequestException.badRequest("Serving signature name: " + signature + " not found in"
          + " signature def; model '" + model.name() + "' has \"" + SIGNATURE + "\"");
    }
    JsonNode instances = request.get("instances");
    JsonNode inputs = request.get("inputs");
    if (instances != null && inputs != null) {
      throw RequestException.badRequest("Not formatted correctly expecting only one of 'inputs'"
          + " or 'instances' keys exists");
    }
    if (instances == null && inputs == null) {
      throw RequestException.badRequest("Missing 'inputs' or 'instances' key");
    }
    for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("instances") && !key.equals("inputs") && !key.equals("signature_name")) {
        throw RequestException.badRequest("unknown key '" + key + "' in the request; expected"
            + " \"signature_name\" and one of \"instances\" or \"inputs\"");
      }
    }
    if (instances != null) {
      List<HostArray> out = model.predict(rows(model, instances));
      return Response.json(200, g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("predictions");
        long batch = out.get(0).dim(0);
        for (long i = 0; i < batch; i++) {
          if (out.size() == 1) {
            JsonTensors.writeRow(g, out.get(0), i);
          } else {
            g.writeStartObject();
            for (int k = 0; k < out.size(); k++) {
              g.writeFieldName(model.outputNames().get(k));
              JsonTensors.writeRow(g, out.get(k), i);
            }
            g.writeEndObject();
          }
        }
        g.writeEndArray();
        g.writeEndObject();
      });
    }
    List<HostArray> out = model.predict(columns(model, inputs));
    return Response.json(200, g -> {
      g.writeStartObject();
      g.writeFieldName("outputs");
      if (out.size() == 1) {
        JsonTensors.writeNested(g, out.get(0));
      } else {
        g.writeStartObject();
        for (int k = 0; k < out.size(); k++) {
          g.writeFieldName(model.outputNames().get(k));
          JsonTensors.writeNested(g, out.get(k));
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    });
  }

  /** The row form: a list of instances, each a tensor (one input) or an object of inputs. */
  private static List<TensorValues> rows(ServedModel model, JsonNode instances) {
    if (!instances.isArray() || instances.isEmpty()) {
      throw RequestException.badRequest("'instances' must be a non-empty list of instances"
          + " (one per batch element), found " + (instances.isArray() ? "an empty list"
          : JsonTensors.kindOf(instances)));
    }
    boolean named = instances.get(0).isObject();
    if (!named && model.inputs().size() > 1) {
      throw RequestException.badRequest("model '" + model.name() + "' has "
          + model.inputs().size() + " inputs " + model.inputNames() + ": each instance must be"
          + " an object keyed by input name, found " + JsonTensors.kindOf(instances.get(0)));
    }
    List<List<TensorValues>> perInput = new ArrayList<>();
    model.inputs().forEach(t -> perInput.add(new ArrayList<>()));
    for (int i = 0; i < instances.size(); i++) {
      JsonNode instance = instances.get(i);
      if (instance.isObject() != named) {
        throw RequestException.badRequest("instance " + i + " is " + JsonTensors.kindOf(instance)
            + " but instance 0 is " + JsonTensors.kindOf(instances.get(0)) + "; every instance"
            + " must have the same form");
      }
      if (named) {
        checkKeys(model, instance, "instance " + i);
      }
      for (int k = 0; k < model.inputs().size(); k++) {
        TensorInfo t = model.inputs().get(k);
        JsonNode v = named ? instance.get(t.name()) : instance;
        TensorValues values = JsonTensors.read(v, TensorValues.Kind.of(t.datatype()),
            "instance " + i + " of input '" + t.name() + "'");
        List<TensorValues> column = perInput.get(k);
        if (!column.isEmpty() && !Arrays.equals(column.get(0).shape(), values.shape())) {
          throw RequestException.badRequest("instance " + i + " of input '" + t.name()
              + "' has shape " + values.shapeString() + " but instance 0 has "
              + column.get(0).shapeString() + "; all instances must have the same shape");
        }
        column.add(values);
      }
    }
    return perInput.stream().map(TensorValues::stack).toList();
  }

  /** The columnar form: one tensor (one input) or an object of named tensors. */
  private static List<TensorValues> columns(ServedModel model, JsonNode inputs) {
    boolean named = inputs.isObject();
    if (!named && model.inputs().size() > 1) {
      throw RequestException.badRequest("model '" + model.name() + "' has "
          + model.inputs().size() + " inputs " + model.inputNames() + ": 'inputs' must be an"
          + " object keyed by input name, found " + JsonTensors.kindOf(inputs));
    }
    if (named) {
      checkKeys(model, inputs, "'inputs'");
    }
    List<TensorValues> out = new ArrayList<>();
    for (TensorInfo t : model.inputs()) {
      JsonNode v = named ? inputs.get(t.name()) : inputs;
      out.add(JsonTensors.read(v, TensorValues.Kind.of(t.datatype()), "input '" + t.name()
          + "'"));
    }
    return out;
  }

  private static void checkKeys(ServedModel model, JsonNode object, String what) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (model.inputIndex(key) < 0) {
        throw RequestException.badRequest(what + " names input '" + key + "', which model '"
            + model.name() + "' does not have; its inputs are " + model.inputNames());
      }
    }
    for (String name : model.inputNames()) {
      if (!object.has(name)) {
        throw RequestException.badRequest(what + " lacks input '" + name + "' of model '"
            + model.name() + "' (inputs " + model.inputNames() + ")");
      }
    }
  }
}
