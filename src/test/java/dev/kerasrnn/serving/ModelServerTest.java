package dev.kerasrnn.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.Target;
import dev.kerasrnn.parity.ModelCase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model server over real HTTP (the JDK's HttpClient): TF Serving's and KServe's documented
 * request forms on shipped models and recorded Keras cases, compared with Keras's recorded
 * outputs bit for bit; bad requests; many concurrent clients.
 */
class ModelServerTest {
  private static final Path FIXTURES = Path.of("compat-tests", "fixtures");
  private static final ModelCase DIGITS = ModelCase.load(Path.of("models", "digits_gru"));
  private static final ModelCase SUNSPOTS = ModelCase.load(Path.of("models", "sunspots_lstm"));
  private static final ModelCase ENCDEC =
      ModelCase.load(FIXTURES.resolve("model_func-encoder-decoder_k3_keras"));
  private static final ModelCase MASKED =
      ModelCase.load(FIXTURES.resolve("model_func-mask-input-chain_k3_keras"));
  private static final long MAX_BODY = 1 << 20;

  private static ModelServer server;
  private static HttpClient client;

  @BeforeAll
  static void start() throws IOException {
    server = ModelServer.start(List.of(
        ServedModel.load("digits", DIGITS.dir().resolve("model.keras"), Target.CALL, 32),
        ServedModel.load("sunspots", SUNSPOTS.dir().resolve("model.h5"), Target.CALL, 32),
        ServedModel.load("encdec", ENCDEC.dir().resolve("model.keras"), Target.CALL, 32),
        ServedModel.load("masked", MASKED.dir().resolve("model.keras"), Target.CALL, 32)),
        new ServerOptions("127.0.0.1", 0, 4, 64, MAX_BODY, 60), "test");
    client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return send(server, method, path, body);
  }

  private static HttpResponse<String> send(ModelServer s, String method, String path,
      String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
        + path)).header("Content-Type", "application/json");
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.method(method, HttpRequest.BodyPublishers.ofString(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(HttpResponse<String> r) throws IOException {
    assertEquals(200, r.statusCode(), r.body());
    return Payloads.JSON.readTree(r.body());
  }

  /** {@code {"instances": [row, ...]}} of a single-input case. */
  private static String instances(ModelCase c) {
    ObjectNode req = Payloads.object();
    req.put("signature_name", "serving_default");
    ArrayNode rows = req.putArray("instances");
    Object x = c.inputs().get(0);
    for (long i = 0; i < Payloads.shape(x)[0]; i++) {
      rows.add(Payloads.row(x, i, false));
    }
    return req.toString();
  }

  /** The predictions of one output, stacked back into the batch. */
  private static HostArray stacked(JsonNode rows, String output, long[] shape) {
    ArrayNode all = Payloads.array();
    rows.forEach(r -> all.add(output == null ? r : r.get(output)));
    return Payloads.floats(all, shape);
  }

  @Test
  void tfServingRowFormIsBitExact() throws Exception {
    JsonNode out = ok(send("POST", "/v1/models/digits:predict", instances(DIGITS)));
    HostArray keras = DIGITS.kerasCall().get(0);
    assertEquals(keras, stacked(out.get("predictions"), null, keras.shape()));
    JsonNode versioned = ok(send("POST", "/v1/models/sunspots/versions/1:predict",
        instances(SUNSPOTS)));
    HostArray k2 = SUNSPOTS.kerasCall().get(0);
    assertEquals(k2, stacked(versioned.get("predictions"), null, k2.shape()));
  }

  @Test
  void tfServingColumnarFormIsBitExact() throws Exception {
    ObjectNode req = Payloads.object();
    req.set("inputs", Payloads.nested(SUNSPOTS.inputs().get(0), false));
    JsonNode out = ok(send("POST", "/v1/models/sunspots:predict", req.toString()));
    HostArray keras = SUNSPOTS.kerasCall().get(0);
    assertEquals(keras, Payloads.floats(out.get("outputs"), keras.shape()));
    assertEquals(1, out.size());
  }

  @Test
  void tfServingNamedInputsAndOutputs() throws Exception {
    List<String> in = List.of("encoder_x", "decoder_ids");
    List<String> outs = ENCDEC.outputNames();
    ObjectNode rowReq = Payloads.object();
    ArrayNode rows = rowReq.putArray("instances");
    for (long i = 0; i < Payloads.shape(ENCDEC.inputs().get(0))[0]; i++) {
      ObjectNode inst = rows.addObject();
      for (int k = 0; k < in.size(); k++) {
        inst.set(in.get(k), Payloads.row(ENCDEC.inputs().get(k), i, false));
      }
    }
    JsonNode byRow = ok(send("POST", "/v1/models/encdec:predict", rowReq.toString()));
    ObjectNode colReq = Payloads.object();
    ObjectNode cols = colReq.putObject("inputs");
    for (int k = 0; k < in.size(); k++) {
      cols.set(in.get(k), Payloads.nested(ENCDEC.inputs().get(k), false));
    }
    JsonNode byColumn = ok(send("POST", "/v1/models/encdec:predict", colReq.toString()));
    for (int k = 0; k < outs.size(); k++) {
      HostArray keras = ENCDEC.kerasCall().get(k);
      assertEquals(keras, stacked(byRow.get("predictions"), outs.get(k), keras.shape()), outs
          .get(k));
      assertEquals(keras, Payloads.floats(byColumn.get("outputs").get(outs.get(k)),
          keras.shape()), outs.get(k));
    }
  }

  private static ObjectNode tensor(ArrayNode inputs, String name, Object value,
      String datatype, boolean nestedData) {
    ObjectNode t = inputs.addObject();
    t.put("name", name);
    t.set("shape", Payloads.shapeNode(value));
    t.put("datatype", datatype);
    boolean bool = datatype.equals("BOOL");
    t.set("data", nestedData ? Payloads.nested(value, bool) : Payloads.flat(value, bool));
    return t;
  }

  @Test
  void kserveInferIsBitExactFlatAndNested() throws Exception {
    for (boolean nested : new boolean[] {false, true}) {
      ObjectNode req = Payloads.object();
      req.put("id", "42");
      tensor(req.putArray("inputs"), "rows", DIGITS.inputs().get(0), "FP32", nested);
      JsonNode out = ok(send("POST", "/v2/models/digits/infer", req.toString()));
      assertEquals("42", out.get("id").asText());
      assertEquals("digits", out.get("model_name").asText());
      JsonNode o = out.get("outputs").get(0);
      assertEquals("digit", o.get("name").asText());
      assertEquals("FP32", o.get("datatype").asText());
      HostArray keras = DIGITS.kerasCall().get(0);
      assertEquals(Payloads.shapeNode(keras).toString(), o.get("shape").toString());
      assertEquals(keras, Payloads.floats(o.get("data"), keras.shape()));
    }
  }

  @Test
  void kserveTypedInputsAndRequestedOutputs() throws Exception {
    for (String ids : new String[] {"INT32", "INT64"}) {
      ObjectNode req = Payloads.object();
      ArrayNode inputs = req.putArray("inputs");
      tensor(inputs, "decoder_ids", ENCDEC.inputs().get(1), ids, false);
      tensor(inputs, "encoder_x", ENCDEC.inputs().get(0), "FP64", true);
      req.putArray("outputs").addObject().put("name", ENCDEC.outputNames().get(1));
      JsonNode out = ok(send("POST", "/v2/models/encdec/versions/1/infer", req.toString()));
      assertEquals(1, out.get("outputs").size());
      JsonNode o = out.get("outputs").get(0);
      assertEquals(ENCDEC.outputNames().get(1), o.get("name").asText());
      HostArray keras = ENCDEC.kerasCall().get(1);
      assertEquals(keras, Payloads.floats(o.get("data"), keras.shape()));
    }
    ObjectNode req = Payloads.object();
    ArrayNode inputs = req.putArray("inputs");
    tensor(inputs, "x", MASKED.inputs().get(0), "FP32", false);
    tensor(inputs, "m", MASKED.inputs().get(1), "BOOL", false);
    JsonNode out = ok(send("POST", "/v2/models/masked/infer", req.toString()));
    for (int k = 0; k < MASKED.kerasCall().size(); k++) {
      HostArray keras = MASKED.kerasCall().get(k);
      JsonNode o = out.get("outputs").get(k);
      assertEquals(MASKED.outputNames().get(k), o.get("name").asText());
      assertEquals(keras, Payloads.floats(o.get("data"), keras.shape()));
    }
  }

  /**
   * Served with {@link Target#PREDICT}, a model whose Keras {@code predict()} differs from its
   * {@code model(x)} answers with {@code predict()}'s bits.
   */
  @Test
  void predictTargetAnswersWithKerasPredictBits() throws Exception {
    int batch = MASKED.json().path("predict").path("batch_size").asInt();
    try (ModelServer p = ModelServer.start(List.of(ServedModel.load("masked",
        MASKED.dir().resolve("model.keras"), Target.PREDICT, batch)),
        new ServerOptions("127.0.0.1", 0, 1, 4, MAX_BODY, 60), "test")) {
      ObjectNode req = Payloads.object();
      ArrayNode inputs = req.putArray("inputs");
      tensor(inputs, "x", MASKED.inputs().get(0), "FP32", false);
      tensor(inputs, "m", MASKED.inputs().get(1), "BOOL", false);
      JsonNode out = ok(send(p, "POST", "/v2/models/masked/infer", req.toString()));
      boolean differsFromCall = false;
      for (int k = 0; k < MASKED.kerasPredict().size(); k++) {
        HostArray keras = MASKED.kerasPredict().get(k);
        HostArray got = Payloads.floats(out.get("outputs").get(k).get("data"), keras.shape());
        assertEquals(keras, got, MASKED.outputNames().get(k));
        differsFromCall |= !got.equals(MASKED.kerasCall().get(k));
      }
      assertTrue(differsFromCall, "the case must tell predict() from model(x)");
    }
  }

  @Test
  void statusMetadataAndHealth() throws Exception {
    JsonNode status = ok(send("GET", "/v1/models/digits", null));
    JsonNode v = status.get("model_version_status").get(0);
    assertEquals("1", v.get("version").asText());
    assertEquals("AVAILABLE", v.get("state").asText());
    assertEquals("OK", v.get("status").get("error_code").asText());
    JsonNode sig = ok(send("GET", "/v1/models/encdec/metadata", null)).get("metadata")
        .get("signature_def").get("signature_def").get("serving_default");
    assertEquals("DT_INT32", sig.get("inputs").get("decoder_ids").get("dtype").asText());
    assertEquals("-1", sig.get("inputs").get("encoder_x").get("tensor_shape").get("dim").get(0)
        .get("size").asText());
    JsonNode meta = ok(send("GET", "/v2/models/digits", null));
    assertEquals("rows", meta.get("inputs").get(0).get("name").asText());
    assertEquals("FP32", meta.get("inputs").get(0).get("datatype").asText());
    assertEquals("[-1,8,8]", meta.get("inputs").get(0).get("shape").toString());
    assertEquals("digit", meta.get("outputs").get(0).get("name").asText());
    assertTrue(ok(send("GET", "/v2/health/live", null)).get("live").asBoolean());
    assertTrue(ok(send("GET", "/v2/health/ready", null)).get("ready").asBoolean());
    assertTrue(ok(send("GET", "/v2/models/masked/ready", null)).get("ready").asBoolean());
    assertEquals("keras-rnn", ok(send("GET", "/v2", null)).get("name").asText());
  }

  /** One bad request: what is sent, the status expected and a fragment of the message. */
  private record Bad(String method, String path, String body, int status, String message) {}

  @Test
  void badRequestsGetFourHundredsNamingWhatWasExpected() throws Exception {
    String row = Payloads.row(DIGITS.inputs().get(0), 0, false).toString();
    String huge = "{\"instances\": [" + "0,".repeat((int) MAX_BODY) + "0]}";
    String claim = "0"; // a small body whose first elements claim a 40^5-element tensor
    for (int d = 0; d < 5; d++) {
      claim = "[" + claim + ",0".repeat(39) + "]";
    }
    List<Bad> cases = List.of(
        new Bad("POST", "/v1/models/digits:predict", "{\"instances\": [", 400, "JSON parse"),
        new Bad("POST", "/v1/models/digits:predict", "[1, 2]", 400, "expected a JSON object"),
        new Bad("POST", "/v1/models/digits:predict", "{\"instances\": [" + row + "]} x", 400,
            "JSON parse"),
        new Bad("POST", "/v1/models/digits:predict", "{\"instances\": [[1, 2]]}", 400,
            "expected shape [-1, 8, 8]"),
        new Bad("POST", "/v1/models/digits:predict", "{\"instances\": [[[1, 2], [3]]]}", 400,
            "rectangular"),
        new Bad("POST", "/v1/models/digits:predict", "{\"inputs\": " + claim + "}", 400,
            "expected a rectangular nested list of shape (40, 40, 40, 40, 40)"),
        new Bad("POST", "/v1/models/digits:predict", "{\"instances\": [[[\"a\"]]]}", 400,
            "expected a number, found a string"),
        new Bad("POST", "/v1/models/digits:predict", "{\"instances\": [[[NaN]]]}", 400,
            "NaN and Infinity are not JSON numbers"),
        new Bad("POST", "/v1/models/digits:predict", "{\"inputs\": [[[-Infinity]]]}", 400,
            "expected a finite number"),
        new Bad("POST", "/v1/models/digits:predict", "{\"inputs\": [[[1e400]]]}", 400,
            "float64 range"),
        new Bad("POST", "/v1/models/digits:predict", "{\"instances\": []}", 400,
            "non-empty list"),
        new Bad("POST", "/v1/models/digits:predict", "{\"instances\": [1], \"inputs\": [1]}",
            400, "only one of 'inputs' or 'instances'"),
        new Bad("POST", "/v1/models/digits:predict", "{}", 400, "Missing 'inputs' or"),
        new Bad("POST", "/v1/models/digits:predict", "{\"instances\": [" + row
            + "], \"signature_name\": \"other\"}", 400, "not found in signature def"),
        new Bad("POST", "/v1/models/digits:predict", "{\"instances\": [" + row + "], \"instances\""
            + ": [" + row + "]}", 400, "Duplicate field"),
        new Bad("POST", "/v1/models/encdec:predict", "{\"instances\": [{\"encoder_x\": 1}]}",
            400, "lacks input 'decoder_ids'"),
        new Bad("POST", "/v1/models/encdec:predict", "{\"inputs\": {\"encoder_x\": [[[0.5, 0.5,"
            + " 0.5, 0.5]]], \"decoder_ids\": [[1.5]]}}", 400, "expected an integer"),
        new Bad("POST", "/v1/models/encdec:predict", "{\"inputs\": {\"encoder_x\": [[[0.5, 0.5,"
            + " 0.5, 0.5]]], \"decoder_ids\": [[4294967296]]}}", 400, "expected int32 values"),
        new Bad("POST", "/v1/models/nope:predict", "{\"instances\": [1]}", 404,
            "Servable not found for request: Latest(nope)"),
        new Bad("POST", "/v1/models/digits/versions/2:predict", "{\"instances\": [1]}", 404,
            "Specific(digits, 2)"),
        new Bad("GET", "/v1/models/digits:predict", null, 400, "Malformed request"),
        new Bad("POST", "/v1/models/digits:classify", "{\"instances\": [1]}", 400,
            ":predict only"),
        new Bad("POST", "/v1/models/digits:predict", huge, 413, "at most " + MAX_BODY),
        new Bad("POST", "/v2/models/digits/infer", "{\"inputs\": [{\"name\": \"rows\", \"shape\":"
            + " [1, 8, 8], \"datatype\": \"INT32\", \"data\": [1]}]}", 400,
            "expected datatype FP32"),
        new Bad("POST", "/v2/models/digits/infer", "{\"inputs\": [{\"name\": \"rows\", \"shape\":"
            + " [1, 8, 8], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}", 400,
            "holds 64 elements, but \\\"data\\\" has 3"),
        new Bad("POST", "/v2/models/digits/infer", "{\"inputs\": [{\"name\": \"rows\", \"shape\":"
            + " [1, 8], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4, 5, 6, 7, 8]}]}", 400,
            "expected shape [-1, 8, 8]"),
        new Bad("POST", "/v2/models/digits/infer", "{\"inputs\": [{\"name\": \"pixels\","
            + " \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}", 400,
            "its inputs are [rows]"),
        new Bad("POST", "/v2/models/digits/infer", "{\"inputs\": [{\"name\": \"rows\", \"shape\":"
            + " [1], \"datatype\": \"FP99\", \"data\": [1]}]}", 400, "unknown datatype"),
        new Bad("POST", "/v2/models/digits/infer", "{\"inputs\": []}", 400,
            "input 'rows' of model 'digits' is missing"),
        new Bad("POST", "/v2/models/masked/infer", "{\"inputs\": [{\"name\": \"m\", \"shape\":"
            + " [1, 6], \"datatype\": \"BOOL\", \"data\": [1, 0, 1, 0, 1, 0]}]}", 400,
            "expected true or false"),
        new Bad("POST", "/v2/models/encdec/infer", "{\"inputs\": [{\"name\": \"decoder_ids\","
            + " \"shape\": [1, 1], \"datatype\": \"INT8\", \"data\": [300]}]}", 400,
            "out of the INT8 range"),
        new Bad("POST", "/v2/models/digits/infer", "{\"inputs\": [{\"name\": \"rows\", \"shape\":"
            + " [1, 8, 8], \"datatype\": \"FP32\", \"data\": [1]}], \"outputs\": [{\"name\":"
            + " \"p\"}]}", 400, "its outputs are [digit]"),
        new Bad("POST", "/v2/models/nope/infer", "{\"inputs\": []}", 404, "not served"),
        new Bad("GET", "/v2/models/digits/infer", null, 405, "expected POST"),
        new Bad("GET", "/metrics", null, 404, "no such endpoint"));
    for (Bad b : cases) {
      HttpResponse<String> r = send(b.method(), b.path(), b.body());
      String what = b.method() + " " + b.path() + " " + (b.body() == null ? ""
          : b.body().substring(0, Math.min(120, b.body().length())));
      assertEquals(b.status(), r.statusCode(), what + " -> " + r.body());
      JsonNode err = Payloads.JSON.readTree(r.body());
      assertEquals(1, err.size(), r.body());
      assertTrue(err.get("error").asText().contains(b.message().replace("\\\"", "\"")),
          what + " -> " + r.body());
    }
    tfServingRowFormIsBitExact(); // and the server still answers, bit for bit
  }

  @Test
  void concurrentClientsEachGetTheirOwnExactAnswer() throws Exception {
    String digits = instances(DIGITS);
    String sunspots = instances(SUNSPOTS);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<HostArray>> got = new ArrayList<>();
      List<HostArray> want = new ArrayList<>();
      for (int i = 0; i < 96; i++) {
        boolean d = i % 2 == 0;
        HostArray keras = (d ? DIGITS : SUNSPOTS).kerasCall().get(0);
        want.add(keras);
        Callable<HostArray> call = () -> stacked(ok(send("POST", d ? "/v1/models/digits:predict"
            : "/v1/models/sunspots:predict", d ? digits : sunspots)).get("predictions"), null,
            keras.shape());
        got.add(pool.submit(call));
      }
      for (int i = 0; i < got.size(); i++) {
        assertEquals(want.get(i), got.get(i).get(), "request " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFullQueueAnswersBusyAndNeverWrongly() throws Exception {
    try (ModelServer small = ModelServer.start(List.of(ServedModel.load("digits",
        DIGITS.dir().resolve("model.keras"), Target.CALL, 32)),
        new ServerOptions("127.0.0.1", 0, 1, 1, MAX_BODY, 60), "test")) {
      String body = instances(DIGITS);
      HostArray keras = DIGITS.kerasCall().get(0);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<HttpResponse<String>>> got = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          got.add(pool.submit(() -> send(small, "POST", "/v1/models/digits:predict", body)));
        }
        int answered = 0;
        for (Future<HttpResponse<String>> f : got) {
          HttpResponse<String> r = f.get();
          if (r.statusCode() == 200) {
            answered++;
            assertEquals(keras, stacked(Payloads.JSON.readTree(r.body()).get("predictions"),
                null, keras.shape()));
          } else {
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.body().contains("busy"), r.body());
          }
        }
        assertTrue(answered > 0);
      } finally {
        pool.shutdownNow();
      }
      assertFalse(small.models().isEmpty());
    }
  }
}
