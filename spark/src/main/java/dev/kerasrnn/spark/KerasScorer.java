package dev.kerasrnn.spark;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasRnnException;
import dev.kerasrnn.model.InputLayer;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.runtime.Environment;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a Keras model file over a Spark {@code Dataset<Row>}: Keras's {@code model.predict(x)}
 * on each row's column values, bit-exact with {@link Model#predict(java.util.List)}.
 *
 * <pre>{@code
 * Dataset<Row> scored = KerasScorer.of(Path.of("model.keras"))
 *     .inputCols("x").outputCols("y").batchSize(256).transform(df);
 * }</pre>
 *
 * <p>The file's bytes travel with the job (a broadcast); each executor JVM loads the model once
 * (keyed by the bytes' SHA-256) and compiles it once per input shape; rows are batched per
 * partition, rows of different lengths in a batch are scored in groups of one shape, and the
 * output columns are appended in row order, as doubles (which hold every float32, float16 and
 * float64 output value exactly: cast back to float, a float32 output has its bits). A row that cannot be scored fails the job with a
 * {@link ScoringException} naming it ({@link OnError#FAIL}, the default; {@link #keyCol} names
 * the row by a column), or gets null outputs and a message in {@link #errorCol}
 * ({@link OnError#NULL}).
 */
public final class KerasScorer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(KerasScorer.class);

  /** What a row that cannot be scored does. */
  public enum OnError {
    /** The job fails with a {@link ScoringException} naming the row. */
    FAIL,
    /** The row's outputs are null and {@link #errorCol} says why. */
    NULL
  }

  private final String fileName;
  private final String sha256;
  private final transient byte[] bytes;
  private List<String> inputCols = List.of();
  private List<String> outputCols = List.of();
  private int batchSize = 256;
  private OnError onError = OnError.FAIL;
  private String errorCol = "error";
  private String keyCol;
  private boolean checkEnvironment = true;

  private KerasScorer(String fileName, byte[] bytes) {
    this.fileName = fileName;
    this.bytes = bytes;
    this.sha256 = ExecutorModels.sha256(bytes);
  }

  /** A scorer of a {@code .keras} or legacy {@code .h5} model file (read now, on the driver). */
  public static KerasScorer of(Path modelFile) {
    try {
      return new KerasScorer(modelFile.getFileName().toString(), Files.readAllBytes(modelFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + modelFile + ": " + e, e);
    }
  }

  /** The columns holding the model's inputs, in the model's input order. */
  public KerasScorer inputCols(String... cols) {
    this.inputCols = List.of(cols);
    return this;
  }

  /** The names of the appended output columns, in the model's output order. */
  public KerasScorer outputCols(String... cols) {
    this.outputCols = List.of(cols);
    return this;
  }

  /** Rows per model call (default 256). */
  public KerasScorer batchSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, given " + rows);
    }
    this.batchSize = rows;
    return this;
  }

  /** What a row that cannot be scored does (default {@link OnError#FAIL}). */
  public KerasScorer onError(OnError policy) {
    this.onError = policy;
    return this;
  }

  /** The column appended with each row's error under {@link OnError#NULL} (default "error"). */
  public KerasScorer errorCol(String col) {
    this.errorCol = col;
    return this;
  }

  /** A column whose value names a row in error messages (default: partition and position). */
  public KerasScorer keyCol(String col) {
    this.keyCol = col;
    return this;
  }

  /** Whether {@link #transform} first checks every executor's environment (default true). */
  public KerasScorer checkEnvironment(boolean check) {
    this.checkEnvironment = check;
    return this;
  }

  /**
   * The Spark settings that give executors the bit-exact terms ({@code spark.executorEnv.*}),
   * for {@code SparkSession.builder().config(...)} or {@code spark-submit --conf}.
   */
  public static Map<String, String> pinnedExecutorEnv() {
    Map<String, String> conf = new LinkedHashMap<>();
    Environment.PINNED.forEach((k, v) -> conf.put("spark.executorEnv." + k, v));
    return conf;
  }

  /**
   * Each executor's deviations from the pinned terms ({@link Environment#deviations()}), by
   * executor id; empty maps where it matches. Runs one small job.
   */
  public static Map<String, Map<String, String>> executorEnvironments(SparkSession spark) {
    int n = Math.max(2, spark.sparkContext().defaultParallelism());
    List<Row> rows = spark.range(0, n, 1, n).mapPartitions(
        (MapPartitionsFunction<Long, Row>) it -> List.of((Row) org.apache.spark.sql.RowFactory
            .create(SparkEnv.get().executorId(), Environment.deviations().toString()))
            .iterator(),
        Encoders.row(new StructType().add("executor", DataTypes.StringType)
            .add("deviations", DataTypes.StringType))).collectAsList();
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Row r : rows) {
      out.put(r.getString(0), parse(r.getString(1)));
    }
    return out;
  }

  /** Appends the output columns (and the error column under {@link OnError#NULL}). */
  public Dataset<Row> transform(Dataset<Row> input) {
    SparkSession spark = input.sparkSession();
    if (bytes == null) {
      throw new IllegalStateException("a KerasScorer transforms on the driver that made it");
    }
    Model model = ExecutorModels.get(sha256, fileName, () -> bytes);
    List<InputLayer> inputs = model.inputs();
    if (inputCols.size() != inputs.size()) {
      throw new KerasRnnException("the model takes " + inputs.size() + " inputs "
          + model.inputNames() + ", inputCols names " + inputCols.size() + " " + inputCols);
    }
    if (outputCols.size() != model.outputNames().size()) {
      throw new KerasRnnException("the model gives " + model.outputNames().size() + " outputs "
          + model.outputNames() + ", outputCols names " + outputCols.size() + " " + outputCols);
    }
    StructType schema = input.schema();
    List<Integer> inputIndex = new ArrayList<>();
    for (String c : inputCols) {
      inputIndex.add(schema.fieldIndex(c));
    }
    StructType out = schema;
    List<long[]> outShapes = model.outputShapes();
    for (int k = 0; k < outputCols.size(); k++) {
      out = out.add(new StructField(outputCols.get(k),
          RowArrays.outputType(outShapes.get(k).length), true,
          org.apache.spark.sql.types.Metadata.empty()));
    }
    if (onError == OnError.NULL) {
      out = out.add(errorCol, DataTypes.StringType, true);
    }
    if (checkEnvironment) {
      executorEnvironments(spark).forEach((executor, deviations) -> {
        if (!deviations.isEmpty()) {
          LOG.warn("executor {} runs outside the bit-exact terms: {} (set {})", executor,
              deviations, pinnedExecutorEnv());
        }
      });
    }
    Broadcast<byte[]> shipped = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(bytes);
    PartitionScorer scorer = new PartitionScorer(new PartitionScorer.Settings(fileName, sha256,
        shipped, inputIndex, inputCols, inputBatchShapes(inputs), intInputs(inputs),
        outputCols.size(), batchSize, onError == OnError.NULL,
        keyCol == null ? -1 : schema.fieldIndex(keyCol), keyCol));
    return input.mapPartitions(scorer, Encoders.row(out));
  }

  private static List<long[]> inputBatchShapes(List<InputLayer> inputs) {
    return inputs.stream().map(InputLayer::batchShape).toList();
  }

  private static List<Boolean> intInputs(List<InputLayer> inputs) {
    return inputs.stream().map(i -> i.dtypeName().startsWith("int")
        || i.dtypeName().startsWith("uint")).toList();
  }

  private static Map<String, String> parse(String mapString) {
    Map<String, String> m = new TreeMap<>();
    String body = mapString.substring(1, mapString.length() - 1).strip();
    if (!body.isEmpty()) {
      for (String kv : body.split(", ")) {
        int eq = kv.indexOf('=');
        m.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return m;
  }

}
