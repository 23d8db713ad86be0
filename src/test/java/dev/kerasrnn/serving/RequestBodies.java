package dev.kerasrnn.serving;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerasrnn.model.Target;
import dev.kerasrnn.parity.ModelCase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies through the servers' handlers, for the fuzz targets: TF Serving's {@code
 * :predict} and KServe's {@code /infer} on the shipped digits model (one float input) and a
 * recorded model with a float and a bool input. The models are loaded once per JVM.
 */
public final class RequestBodies {
  private static final ModelCase DIGITS = ModelCase.load(Path.of("models", "digits_gru"));
  private static final ModelCase MASKED = ModelCase.load(Path.of("compat-tests", "fixtures",
      "model_func-mask-input-chain_k3_keras"));
  private static Map<String, ServedModel> models;

  private RequestBodies() {}

  private static synchronized Map<String, ServedModel> models() {
    if (models == null) {
      Map<String, ServedModel> m = new LinkedHashMap<>();
      m.put("digits", ServedModel.load("digits", DIGITS.dir().resolve("model.keras"),
          Target.CALL, 32));
      m.put("masked", ServedModel.load("masked", MASKED.dir().resolve("model.keras"),
          Target.CALL, 32));
      models = m;
    }
    return models;
  }

  /** The served models' names. */
  public static final List<String> MODELS = List.of("digits", "masked");

  /** {@code POST /v1/models/<model>:predict}; the HTTP status (errors are thrown). */
  public static int tfServing(String model, byte[] body) {
    return new TfServingApi(models()).handle("POST", "/v1/models/" + model + ":predict", body)
        .status();
  }

  /** {@code POST /v2/models/<model>/infer}; the HTTP status (errors are thrown). */
  public static int kserve(String model, byte[] body) {
    return new KServeApi(models(), () -> true, "fuzz").handle("POST", "/v2/models/" + model
        + "/infer", body).status();
  }

  /** Valid bodies of every documented form, for both models. */
  public static Map<String, byte[]> seeds(boolean kserve) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (ModelCase c : new ModelCase[] {DIGITS, MASKED}) {
      for (boolean alt : new boolean[] {false, true}) {
        ObjectNode req = Payloads.object();
        if (kserve) {
          ArrayNode inputs = req.putArray("inputs");
          for (int i = 0; i < c.inputs().size(); i++) {
            Object v = c.inputs().get(i);
            boolean bool = c == MASKED && i == 1;
            ObjectNode t = inputs.addObject();
            t.put("name", c.json().path("inputs").path(i).path("name").asText());
            t.set("shape", Payloads.shapeNode(v));
            t.put("datatype", bool ? "BOOL" : "FP32");
            t.set("data", alt ? Payloads.nested(v, bool) : Payloads.flat(v, bool));
          }
        } else if (alt && c.inputs().size() == 1) {
          req.set("inputs", Payloads.nested(c.inputs().get(0), false));
        } else {
          ArrayNode rows = req.putArray("instances");
          Object x = c.inputs().get(0);
          for (long r = 0; r < Payloads.shape(x)[0]; r++) {
            if (c.inputs().size() == 1) {
              rows.add(Payloads.row(x, r, false));
            } else {
              ObjectNode row = rows.addObject();
              for (int i = 0; i < c.inputs().size(); i++) {
                row.set(c.json().path("inputs").path(i).path("name").asText(),
                    Payloads.row(c.inputs().get(i), r, c == MASKED && i == 1));
              }
            }
          }
        }
        out.put(c.name() + (alt ? "-alt" : ""), req.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
