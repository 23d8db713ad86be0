package dev.kerasrnn.spark;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasRnnException;
import dev.kerasrnn.model.Model;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One partition's rows through the executor's model, {@code batchSize} rows per call, each call
 * split into groups of one input shape; outputs appended in row order.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** What a task needs: the shipped model and how rows map to its inputs and outputs. */
  record Settings(String fileName, String sha256, Broadcast<byte[]> bytes,
      List<Integer> inputIndex, List<String> inputCols, List<long[]> inputShapes,
      List<Boolean> intInputs, int outputs, int batchSize, boolean nullOnError, int keyIndex,
      String keyCol) implements Serializable {}

  private final Settings s;

  PartitionScorer(Settings settings) {
    this.s = settings;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private long position;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && rows.hasNext()) {
          List<Row> batch = new ArrayList<>(s.batchSize());
          while (batch.size() < s.batchSize() && rows.hasNext()) {
            batch.add(rows.next());
          }
          ready.addAll(score(batch, position));
          position += batch.size();
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  private List<Row> score(List<Row> batch, long firstPosition) {
    Model model = ExecutorModels.get(s.sha256(), s.fileName(), () -> s.bytes().value());
    int n = batch.size();
    RowArrays.Value[][] values = new RowArrays.Value[n][];
    Object[][] outputs = new Object[n][];
    String[] errors = new String[n];
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int r = 0; r < n; r++) {
      try {
        values[r] = read(batch.get(r), r, firstPosition);
        groups.computeIfAbsent(signature(values[r]), k -> new ArrayList<>()).add(r);
      } catch (ScoringException e) {
        errors[r] = fail(e.getMessage());
      }
    }
    for (List<Integer> group : groups.values()) {
      try {
        predict(model, values, group, outputs);
      } catch (KerasRnnException e) {
        if (!s.nullOnError()) {
          throw new ScoringException(where(batch.get(group.get(0)), group.get(0), firstPosition)
              + (group.size() > 1 ? " (and " + (group.size() - 1) + " more rows of its batch)" : "")
              + ": " + e.getMessage());
        }
        // Find the rows at fault: each row of the group alone.
        for (int r : group) {
          try {
            predict(model, values, List.of(r), outputs);
          } catch (KerasRnnException single) {
            errors[r] = single.getMessage();
          }
        }
      }
    }
    List<Row> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      Row in = batch.get(r);
      int width = in.size() + s.outputs() + (s.nullOnError() ? 1 : 0);
      Object[] cells = Arrays.copyOf(rowValues(in), width);
      if (outputs[r] != null) {
        System.arraycopy(outputs[r], 0, cells, in.size(), s.outputs());
      }
      if (s.nullOnError()) {
        cells[width - 1] = errors[r];
      }
      out.add(RowFactory.create(cells));
    }
    return out;
  }

  private RowArrays.Value[] read(Row row, int r, long firstPosition) {
    RowArrays.Value[] v = new RowArrays.Value[s.inputIndex().size()];
    for (int i = 0; i < v.length; i++) {
      int col = s.inputIndex().get(i);
      String where = where(row, r, firstPosition) + ", column " + s.inputCols().get(i);
      v[i] = RowArrays.read(row.get(col), s.inputShapes().get(i), s.intInputs().get(i), where);
    }
    return v;
  }

  private String fail(String message) {
    if (!s.nullOnError()) {
      throw new ScoringException(message);
    }
    return message;
  }

  private void predict(Model model, RowArrays.Value[][] values, List<Integer> rows,
      Object[][] outputs) {
    List<Object> inputs = new ArrayList<>();
    for (int i = 0; i < s.inputIndex().size(); i++) {
      List<RowArrays.Value> column = new ArrayList<>(rows.size());
      for (int r : rows) {
        column.add(values[r][i]);
      }
      inputs.add(RowArrays.batch(column));
    }
    List<HostArray> result = model.predict(inputs);
    for (int j = 0; j < rows.size(); j++) {
      Object[] o = new Object[s.outputs()];
      for (int k = 0; k < o.length; k++) {
        o[k] = RowArrays.rowOf(result.get(k), j);
      }
      outputs[rows.get(j)] = o;
    }
  }

  private String where(Row row, int r, long firstPosition) {
    if (s.keyIndex() >= 0) {
      return "row " + s.keyCol() + "=" + row.get(s.keyIndex());
    }
    TaskContext task = TaskContext.get();
    return "row " + (firstPosition + r) + " of partition "
        + (task == null ? "?" : String.valueOf(task.partitionId()));
  }

  private static String signature(RowArrays.Value[] v) {
    StringBuilder sb = new StringBuilder();
    for (RowArrays.Value x : v) {
      sb.append(Arrays.toString(x.shape()));
    }
    return sb.toString();
  }

  private static Object[] rowValues(Row row) {
    Object[] cells = new Object[row.size()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = row.get(i);
    }
    return cells;
  }
}
