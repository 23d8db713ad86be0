package dev.kerasrnn.spark;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.parity.ModelCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark benchmark (bench/spark; not a test): N rows of the shipped digits model (its 8
 * recorded inputs repeated) through KerasScorer in local[2], against a single-JVM loop of
 * Model.predict over the same rows in the same batches, and Spark making the same rows without
 * scoring them. Prints a markdown section.
 */
public final class SparkBench {
  public static void main(String[] args) throws Exception {
    long n = Long.parseLong(args.length > 0 ? args[0] : "1000000");
    int batch = Integer.parseInt(args.length > 1 ? args[1] : "256");
    Path out = Path.of(args.length > 2 ? args[2] : "bench/work/spark.md");
    Path dir = Path.of("models", "digits_gru");
    ModelCase c = ModelCase.load(dir);
    HostArray x = (HostArray) c.inputs().get(0);
    int rows = (int) x.dim(0);
    Object[] cells = new Object[rows];
    for (int r = 0; r < rows; r++) {
      cells[r] = RowArrays.rowOf(x, r);
    }

    // Single JVM: Model.predict over batches of `batch` rows, each batch the 8 rows repeated.
    float[] tiled = new float[batch * 64];
    float[] src = new float[rows * 64];
    for (int i = 0; i < src.length; i++) {
      src[i] = (float) x.getDouble(i);
    }
    for (int i = 0; i < batch; i++) {
      System.arraycopy(src, (i % rows) * 64, tiled, i * 64, 64);
    }
    HostArray full = HostArray.ofFloats(new long[] {batch, 8, 8}, tiled);
    double single;
    try (Model model = Model.load(dir.resolve("model.keras"))) {
      model.predict(List.of(full));
      long t0 = System.nanoTime();
      for (long done = 0; done < n; done += batch) {
        model.predict(List.of(done + batch <= n ? full : full.rows(0, n - done)));
      }
      single = (System.nanoTime() - t0) / 1e9;
    }

    SparkSession spark = SparkSession.builder().master("local[2]").appName("SparkBench")
        .config("spark.ui.enabled", "false").getOrCreate();
    StructType schema = new StructType().add("id", DataTypes.LongType).add("rows",
        ArrayType.apply(ArrayType.apply(DataTypes.DoubleType, false), false));
    Dataset<Row> df = spark.range(0, n, 1, 2).mapPartitions(
        (MapPartitionsFunction<Long, Row>) it -> new java.util.Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Row next() {
            long id = it.next();
            return RowFactory.create(id, cells[(int) (id % rows)]);
          }
        }, Encoders.row(schema));
    KerasScorer scorer = KerasScorer.of(dir.resolve("model.keras")).inputCols("rows")
        .outputCols("digit").batchSize(batch);
    scorer.transform(df.limit(1000)).write().format("noop").mode("overwrite").save();  // warm-up
    long t0 = System.nanoTime();
    df.write().format("noop").mode("overwrite").save();
    double make = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    scorer.transform(df).write().format("noop").mode("overwrite").save();
    double scored = (System.nanoTime() - t0) / 1e9;
    spark.stop();

    String md = String.format(Locale.ROOT, """
        ## Spark: batch scoring (`bash bench/spark`)

        %,d rows of `models/digits_gru` (its 8 recorded inputs repeated; `array<array<double>>`, 8×8
        per row), batches of %d rows, this machine (2 cores), pinned environment, one run:

        | route | seconds | rows/s |
        |---|---|---|
        | single JVM: `Model.predict` loop over the same batches (one thread) | %.1f | %,.0f |
        | Spark `local[2]`: `KerasScorer.transform` → noop write (2 partitions, 2 task threads) | %.1f | %,.0f |
        | Spark `local[2]`: making the same rows, no scoring | %.1f | %,.0f |

        Spark's cost per row beyond making the rows: %.2f µs (scored − made, per row) against
        %.2f µs of model time per row in the single JVM; Spark / single-JVM throughput %.2f×
        (two task threads share the two cores and one TensorFlow inter-op pool).
        """, n, batch, single, n / single, scored, n / scored, make, n / make,
        (scored - make) / n * 1e6, single / n * 1e6, (n / scored) / (n / single));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md);
    System.out.println(md);
  }

  private SparkBench() {}
}
