package dev.kerasrnn.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.io.NpyFile;
import dev.kerasrnn.model.Model;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The benchmarked routes. Every route takes the same host input (float32 [batch, steps, 64] from
 * bench/work/MODEL/x_bB.npy, 50 steps, 1000 for lstm_long) and returns the model output copied back to the Java heap, so each
 * includes its own input/output conversion.
 */
public final class Routes {
  public static final List<String> ALL = List.of("compiled", "eager", "savedmodel", "ort");

  private Routes() {}

  /** One ready-to-call route; {@link #call()} is what is timed. */
  public interface Route extends AutoCloseable {
    float[] call();

    @Override
    void close();
  }

  /**
   * Whether a route is measured for (model, batch): lstm_long (1000 steps) has batch 1 and 32
   * and no eager route (1000 op-by-op steps say nothing new).
   */
  public static boolean applies(String route, String model, int batch) {
    if (model.equals("lstm_long")) {
      return batch != 512 && !route.equals("eager");
    }
    return true;
  }

  public static Path work() {
    return Path.of(System.getProperty("bench.work", "bench/work")).toAbsolutePath();
  }

  public static HostArray input(String model, int batch) {
    return (HostArray) NpyFile.read(work().resolve(model).resolve("x_b" + batch + ".npy"));
  }

  public static float[] floats(HostArray a) {
    FloatBuffer fb = ByteBuffer.wrap(a.bytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }

  public static Route open(String route, String model, int batch) {
    HostArray x = input(model, batch);
    Path dir = work().resolve(model);
    switch (route) {
      case "compiled": {
        Model m = Model.load(dir.resolve("model.keras"));
        return new Route() {
          public float[] call() { return floats(m.predict(List.of(x)).get(0)); }
          public void close() { m.close(); }
        };
      }
      case "eager": {
        Model m = Model.load(dir.resolve("model.keras"));
        return new Route() {
          public float[] call() { return floats(m.predictEager(List.of(x)).get(0)); }
          public void close() { m.close(); }
        };
      }
      case "savedmodel":
        return savedModel(dir, x);
      case "ort":
        return ort(dir, x);
      default:
        throw new IllegalArgumentException("unknown route " + route);
    }
  }

  private static Route savedModel(Path dir, HostArray x) {
    // Default graph options (Grappler on, as TF Serving / Keras's tf.function run it); 1+1 threads.
    ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(1)
        .setInterOpParallelismThreads(1).build();
    SavedModelBundle b = SavedModelBundle.loader(dir.resolve("saved_model").toString())
        .withTags("serve").withConfigProto(config).load();
    Signature sig = b.function("serving_default").signature();
    String in = sig.getInputs().values().iterator().next().name;
    String out = sig.getOutputs().values().iterator().next().name;
    float[] xs = floats(x);
    Shape shape = Shape.of(x.shape());
    Session s = b.session();
    return new Route() {
      public float[] call() {
        try (TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(xs, true, false));
            Result r = s.runner().feed(in, t).fetch(out).run()) {
          TFloat32 y = (TFloat32) r.get(0);
          float[] o = new float[(int) y.size()];
          y.copyTo(DataBuffers.of(o, false, false));
          return o;
        }
      }
      public void close() { b.close(); }
    };
  }

  private static Route ort(Path dir, HostArray x) {
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions so = new OrtSession.SessionOptions();
      so.setIntraOpNumThreads(1);
      so.setInterOpNumThreads(1);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession sess = env.createSession(dir.resolve("model.onnx").toString(), so);
      String in = sess.getInputNames().iterator().next();
      float[] xs = floats(x);
      long[] shape = x.shape();
      return new Route() {
        public float[] call() {
          try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(xs), shape);
              OrtSession.Result r = sess.run(Map.of(in, t))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] o = new float[fb.remaining()];
            fb.get(o);
            return o;
          } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
          }
        }
        public void close() {
          try { sess.close(); so.close(); } catch (ai.onnxruntime.OrtException e) { throw new IllegalStateException(e); }
        }
      };
    } catch (ai.onnxruntime.OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
