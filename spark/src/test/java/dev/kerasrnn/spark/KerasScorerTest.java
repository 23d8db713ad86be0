package dev.kerasrnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.parity.ModelCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KerasScorer in local[2] (one SparkSession for the class): the shipped models over several
 * partitions give Keras's recorded bits and Model.predict's; variable-length rows; bad rows
 * under both error policies; empty partitions; the executors' environment.
 */
class KerasScorerTest {
  private static final Path DIGITS = Path.of("models", "digits_gru");
  private static final Path SUNSPOTS = Path.of("models", "sunspots_lstm");
  private static final Path EMBED = Path.of("compat-tests", "fixtures",
      "model_seq-embed-lstm_k3_keras");
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("KerasScorerTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** A frame (id, x) of the rows of a recorded float input, in `partitions` partitions. */
  private static Dataset<Row> frame(HostArray x, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < x.dim(0); r++) {
      rows.add(RowFactory.create((long) r, RowArrays.rowOf(x, r)));
    }
    DataType t = DataTypes.DoubleType;
    for (int d = 1; d < x.rank(); d++) {
      t = ArrayType.apply(t, false);
    }
    StructType schema = new StructType().add("id", DataTypes.LongType).add("x", t);
    return spark.createDataFrame(jsc.parallelize(rows, partitions), schema);
  }

  private static float[] floatsOf(Object cell) {
    List<Float> out = new ArrayList<>();
    flatten(cell, out);
    float[] f = new float[out.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = out.get(i);
    }
    return f;
  }

  private static void flatten(Object cell, List<Float> out) {
    List<?> items = RowArrays.asList(cell);
    if (items == null) {
      out.add((float) (double) (Double) cell);
      return;
    }
    items.forEach(i -> flatten(i, out));
  }

  private static int[] bits(float[] v) {
    return Arrays.stream(toDoubles(v)).mapToInt(d -> Float.floatToRawIntBits((float) d)).toArray();
  }

  private static double[] toDoubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static float[] row(HostArray a, int r) {
    return floatsOf(RowArrays.rowOf(a, r));
  }

  /**
   * Keras's recorded model(x) bits for every row when the scorer makes Keras's call (all rows in
   * one batch); over 3 partitions in batches of 2, the bits of Model.predict on those same
   * batches (a row's bits depend on the batch it is computed in, as in Keras).
   */
  @Test
  void shippedModelsGiveKerasBitsAndPredictsBitsPerBatch() {
    for (Path dir : List.of(DIGITS, SUNSPOTS)) {
      ModelCase c = ModelCase.load(dir);
      HostArray x = (HostArray) c.inputs().get(0);
      HostArray keras = c.kerasCall().get(0);
      Path file = dir.resolve("model.keras");
      List<Row> whole = KerasScorer.of(file).inputCols("x").outputCols("y")
          .batchSize((int) x.dim(0)).transform(frame(x, 1)).orderBy("id").collectAsList();
      assertEquals(x.dim(0), whole.size(), dir + ": one output row per input row");
      for (Row r : whole) {
        int id = (int) r.getLong(0);
        assertArrayEquals(bits(row(keras, id)), bits(floatsOf(r.get(2))), dir + " row " + id);
      }
      Dataset<Row> parts = frame(x, 3);
      List<Row> scored = KerasScorer.of(file).inputCols("x").outputCols("y").batchSize(2)
          .transform(parts).orderBy("id").collectAsList();
      assertEquals(x.dim(0), scored.size());
      try (Model model = Model.load(file)) {
        for (List<Row> partition : parts.javaRDD().glom().collect()) {
          for (int start = 0; start < partition.size(); start += 2) {
            int first = (int) partition.get(start).getLong(0);
            int n = Math.min(2, partition.size() - start);
            HostArray batch = model.predict(List.of(x.rows(first, first + n))).get(0);
            for (int j = 0; j < n; j++) {
              Row r = scored.get(first + j);
              assertArrayEquals(bits(row(batch, j)), bits(floatsOf(r.get(2))),
                  dir + " row " + (first + j) + " vs Model.predict on its batch");
            }
          }
        }
      }
    }
  }

  /** Rows of several lengths (Embedding ids), several partitions, one with nothing in it. */
  @Test
  void variableLengthRowsAndAnEmptyPartition() {
    ModelCase c = ModelCase.load(EMBED);
    IntArray ids = (IntArray) c.inputs().get(0);
    int time = (int) ids.shape()[1];
    List<Row> rows = new ArrayList<>();
    List<int[]> seqs = new ArrayList<>();
    for (int r = 0; r < ids.shape()[0]; r++) {
      for (int len : new int[] {time, time - 2, 1}) {
        int[] s = new int[len];
        for (int t = 0; t < len; t++) {
          s[t] = ids.get(r * time + t);
        }
        seqs.add(s);
        rows.add(RowFactory.create((long) rows.size(), s));
      }
    }
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("ids", ArrayType.apply(DataTypes.IntegerType, false));
    Dataset<Row> df = spark.createDataFrame(jsc.parallelize(rows, rows.size() + 2), schema);
    List<Row> out = KerasScorer.of(EMBED.resolve("model.keras")).inputCols("ids")
        .outputCols("y").batchSize(4).transform(df).orderBy("id").collectAsList();
    assertEquals(rows.size(), out.size());
    // Expected: Model.predict on what the scorer calls: per partition, batches of 4 rows, each
    // split into groups of one length (in order of first appearance).
    try (Model model = Model.load(EMBED.resolve("model.keras"))) {
      int checked = 0;
      for (List<Row> partition : df.javaRDD().glom().collect()) {
        for (int start = 0; start < partition.size(); start += 4) {
          Map<Integer, List<Integer>> byLength = new java.util.LinkedHashMap<>();
          for (Row r : partition.subList(start, Math.min(start + 4, partition.size()))) {
            int id = (int) r.getLong(0);
            byLength.computeIfAbsent(seqs.get(id).length, k -> new ArrayList<>()).add(id);
          }
          for (Map.Entry<Integer, List<Integer>> g : byLength.entrySet()) {
            int len = g.getKey();
            int[] all = new int[len * g.getValue().size()];
            for (int j = 0; j < g.getValue().size(); j++) {
              System.arraycopy(seqs.get(g.getValue().get(j)), 0, all, j * len, len);
            }
            HostArray y = model.predict(List.of(IntArray.of(
                new long[] {g.getValue().size(), len}, all))).get(0);
            for (int j = 0; j < g.getValue().size(); j++) {
              int id = g.getValue().get(j);
              assertArrayEquals(bits(row(y, j)), bits(floatsOf(out.get(id).get(2))),
                  "row " + id + " (length " + len + ")");
              checked++;
            }
          }
        }
      }
      assertEquals(rows.size(), checked);
    }
  }

  /** A row of the wrong shape fails the job naming its key, or gets nulls and its error. */
  @Test
  void aRowOfTheWrongShape() {
    ModelCase c = ModelCase.load(DIGITS);
    HostArray x = (HostArray) c.inputs().get(0);
    List<Row> rows = new ArrayList<>(frame(x, 1).collectAsList());
    rows.add(RowFactory.create(99L, new Object[] {new double[] {1, 2, 3}}));
    StructType schema = frame(x, 1).schema();
    // One partition: the 8 good rows are one batch, as in Keras's recorded call.
    Dataset<Row> df = spark.createDataFrame(jsc.parallelize(rows, 1), schema);
    Path file = DIGITS.resolve("model.keras");
    Exception e = assertThrows(Exception.class, () -> KerasScorer.of(file).inputCols("x")
        .outputCols("y").keyCol("id").transform(df).collectAsList());
    Throwable t = e;
    while (t != null && !(t instanceof ScoringException)) {
      t = t.getCause();
    }
    assertNotNull(t, "the job fails with a ScoringException: " + e);
    assertTrue(t.getMessage().contains("row id=99") && t.getMessage().contains("(8, 8)"),
        t.getMessage());

    List<Row> out = KerasScorer.of(file).inputCols("x").outputCols("y").keyCol("id")
        .onError(KerasScorer.OnError.NULL).transform(df).orderBy("id").collectAsList();
    assertEquals(rows.size(), out.size());
    HostArray keras = c.kerasCall().get(0);
    for (Row r : out) {
      if (r.getLong(0) == 99L) {
        assertNull(r.get(2));
        assertTrue(r.getString(3).contains("expected shape (8, 8)"), r.getString(3));
      } else {
        assertNull(r.get(3));
        assertArrayEquals(bits(row(keras, (int) r.getLong(0))), bits(floatsOf(r.get(2))));
      }
    }
  }

  /** Rows a mapPartitions made (no schema on the Row objects), as bench/spark makes them. */
  @Test
  void rowsWithoutTheirSchema() {
    ModelCase c = ModelCase.load(DIGITS);
    HostArray x = (HostArray) c.inputs().get(0);
    Object[] cells = new Object[(int) x.dim(0)];
    for (int r = 0; r < cells.length; r++) {
      cells[r] = RowArrays.rowOf(x, r);
    }
    StructType schema = frame(x, 1).schema();
    Dataset<Row> df = spark.range(0, cells.length, 1, 1).mapPartitions(
        (org.apache.spark.api.java.function.MapPartitionsFunction<Long, Row>) it -> {
          List<Row> rows = new ArrayList<>();
          it.forEachRemaining(id -> rows.add(RowFactory.create(id, cells[(int) (long) id])));
          return rows.iterator();
        }, org.apache.spark.sql.Encoders.row(schema));
    List<Row> out = KerasScorer.of(DIGITS.resolve("model.keras")).inputCols("x")
        .outputCols("y").keyCol("id").transform(df.limit(cells.length)).orderBy("id")
        .collectAsList();
    HostArray keras = c.kerasCall().get(0);
    assertEquals(cells.length, out.size());
    for (Row r : out) {
      assertArrayEquals(bits(row(keras, (int) r.getLong(0))), bits(floatsOf(r.get(2))));
    }
  }

  @Test
  void executorsReportTheirEnvironment() {
    Map<String, Map<String, String>> env = KerasScorer.executorEnvironments(spark);
    assertEquals(Map.of("driver", Map.of()), env, "local mode: the driver JVM, pinned by the build");
    assertEquals("0", KerasScorer.pinnedExecutorEnv().get("spark.executorEnv.TF_ENABLE_ONEDNN_OPTS"));
  }

  @Test
  void columnCountsMustMatchTheModel() {
    ModelCase c = ModelCase.load(DIGITS);
    Dataset<Row> df = frame((HostArray) c.inputs().get(0), 1);
    Exception e = assertThrows(RuntimeException.class, () -> KerasScorer.of(
        DIGITS.resolve("model.keras")).inputCols("x", "id").outputCols("y").transform(df));
    assertTrue(e.getMessage().contains("takes 1 inputs"), e.getMessage());
  }
}
