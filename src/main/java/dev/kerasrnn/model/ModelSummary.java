package dev.kerasrnn.model;

import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.model.ModelGraph.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code model.summary()} as Keras 3.6 prints it without a terminal ({@code
 * keras.src.utils.summary_utils.print_summary}, a rich table): one row per layer with its name and
 * class, output shape and parameter count ("Connected to" for non-chain Functional models), then
 * the totals. Column widths follow Keras's positions and rich's width reduction for a line of
 * {@code min(default, COLUMNS - 4)} characters ({@code COLUMNS} defaulting to 80).
 */
final class ModelSummary {
  private ModelSummary() {}

  static String render(Model model) {
    return render(model, lineLength(model));
  }

  static int lineLength(Model model) {
    int columns = 80;
    String env = System.getenv("COLUMNS");
    if (env != null && env.matches("\\d{1,5}")) {
      columns = Integer.parseInt(env);
    }
    return Math.min(sequentialLike(model) ? 88 : 108, columns - 4);
  }

  static String render(Model model, int lineLength) {
    boolean seqLike = sequentialLike(model);
    double[] positions = seqLike ? new double[] {0.45, 0.80, 1.0}
        : new double[] {0.3, 0.56, 0.74, 1.0};
    String[] header = seqLike ? new String[] {"Layer (type)", "Output Shape", "Param #"}
        : new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"};
    int[] widths = columnWidths(positions, lineLength);
    List<String[]> rows = new ArrayList<>();
    for (Layer l : rowLayers(model)) {
      String cls = classOf(model, l);
      String[] row = new String[header.length];
      row[0] = l.name() + " (" + cls + ")";
      row[1] = outputShape(model, l);
      row[2] = String.format(Locale.ROOT, "%,d", params(l));
      if (!seqLike) {
        row[3] = connections(model, l);
      }
      rows.add(row);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(model.name()).append("\"\n");
    sb.append(border('┏', '━', '┳', '┓', widths));
    sb.append(line(header, widths, '┃', true));
    sb.append(border('┡', '━', '╇', '┩', widths));
    for (int r = 0; r < rows.size(); r++) {
      if (r > 0) {
        sb.append(border('├', '─', '┼', '┤', widths));
      }
      sb.append(line(rows.get(r), widths, '│', false));
    }
    sb.append(border('└', '─', '┴', '┘', widths));
    long trainable = 0;
    long nonTrainable = 0;
    double trainableBytes = 0;
    double nonTrainableBytes = 0;
    for (Layer l : model.layers()) {
      for (Variable v : l.weights()) {
        long n = elements(v.shape());
        if (isNonTrainable(v)) {
          nonTrainable += n;
          nonTrainableBytes += n * (double) v.dtype().byteSize();
        } else {
          trainable += n;
          trainableBytes += n * (double) v.dtype().byteSize();
        }
      }
    }
    sb.append(total(" Total params: ", trainable + nonTrainable,
        trainableBytes + nonTrainableBytes));
    sb.append(total(" Trainable params: ", trainable, trainableBytes));
    sb.append(total(" Non-trainable params: ", nonTrainable, nonTrainableBytes));
    return sb.toString();
  }

  /** Parameters of a layer; {@code layer.count_params()}. */
  static long params(Layer l) {
    long n = 0;
    for (Variable v : l.weights()) {
      n += elements(v.shape());
    }
    return n;
  }

  /** BatchNormalization's moving statistics are Keras's only non-trainable weights here. */
  static boolean isNonTrainable(Variable v) {
    return v.name().startsWith("moving_");
  }

  private static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  private static String total(String label, long count, double bytes) {
    return label + String.format(Locale.ROOT, "%,d", count) + " (" + readable(bytes) + ")\n";
  }

  /** {@code readable_memory_size}. */
  static String readable(double size) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    for (String unit : units) {
      if (size / 1024 < 1) {
        return String.format(Locale.ROOT, "%.2f %s", size, unit);
      }
      size /= 1024;
    }
    return String.format(Locale.ROOT, "%.2f %s", size, "PB");
  }

  /** A Sequential's rows omit its InputLayer; a Functional's include them. */
  private static List<Layer> rowLayers(Model model) {
    List<Layer> out = new ArrayList<>();
    if (model.spec().isSequential()) {
      model.spec().savedLayers().forEach(n -> out.add(model.layer(n)));
    } else {
      out.addAll(model.layers());
    }
    return out;
  }

  private static String classOf(Model model, Layer l) {
    for (LayerSpec s : model.spec().layers()) {
      if (s.name().equals(l.name())) {
        return s.className();
      }
    }
    return l.kerasClassName();
  }

  /** Whether Keras prints the model without "Connected to" (a plain chain). */
  static boolean sequentialLike(Model model) {
    if (model.spec().isSequential()) {
      return true;
    }
    if (model.spec().inputs().size() != 1) {
      return false;
    }
    Map<String, Integer> callsPerLayer = new HashMap<>();
    Set<TensorRef> consumed = new HashSet<>();
    for (Step s : model.steps()) {
      callsPerLayer.merge(s.spec().name(), 1, Integer::sum);
      if (s.call() != null) {
        if (s.call().allInputs().size() > 1) {
          return false;
        }
        for (TensorRef r : s.call().allInputs()) {
          if (!consumed.add(r)) {
            return false;
          }
        }
      }
    }
    return callsPerLayer.values().stream().allMatch(n -> n <= 1);
  }

  /** The output shape of the layer's last call, as Keras formats it. */
  private static String outputShape(Model model, Layer l) {
    int nodes = 0;
    for (Step s : model.steps()) {
      if (s.spec().name().equals(l.name())) {
        nodes = Math.max(nodes, s.node() + 1);
      }
    }
    if (nodes == 0) {
      return "?";
    }
    List<String> shapes = new ArrayList<>();
    for (int i = 0; ; i++) {
      long[] s = model.shape(new TensorRef(l.name(), nodes - 1, i));
      if (s == null) {
        break;
      }
      shapes.add(Model.shapeString(s));
    }
    return shapes.size() == 1 ? shapes.get(0) : "[" + String.join(", ", shapes) + "]";
  }

  private static String connections(Model model, Layer l) {
    List<String> out = new ArrayList<>();
    List<Step> calls = model.steps().stream().filter(s -> s.spec().name().equals(l.name()))
        .sorted(java.util.Comparator.comparingInt(Step::node)).toList();
    for (Step s : calls) {
      if (s.call() != null) {
        for (TensorRef r : s.call().allInputs()) {
          out.add(r.layer() + "[" + r.node() + "][" + r.index() + "]");
        }
      }
    }
    return out.isEmpty() ? "-" : String.join(", ", out);
  }

  /** Keras's column widths after rich reduces them to the table width (padding included). */
  static int[] columnWidths(double[] positions, int lineLength) {
    int n = positions.length;
    int[] w = new int[n];
    int current = 0;
    for (int i = 0; i < n; i++) {
      w[i] = (int) (positions[i] * lineLength) - current + 2;
      current += w[i] - 2;
    }
    int max = lineLength - (n + 1);
    int sum = 0;
    for (int x : w) {
      sum += x;
    }
    if (sum > max) {
      // rich's ratio_reduce with equal ratios (Python's round: half to even).
      int remaining = sum - max;
      int ratio = n;
      for (int i = 0; i < n; i++) {
        int d = Math.min(w[i], (int) Math.rint((double) remaining / ratio));
        w[i] -= d;
        remaining -= d;
        ratio--;
      }
    }
    return w;
  }

  private static String border(char left, char fill, char mid, char right, int[] widths) {
    StringBuilder sb = new StringBuilder().append(left);
    for (int i = 0; i < widths.length; i++) {
      sb.append(String.valueOf(fill).repeat(widths[i])).append(i < widths.length - 1 ? mid : right);
    }
    return sb.append('\n').toString();
  }

  /** One table row, cells word-wrapped as rich wraps them. */
  private static String line(String[] cells, int[] widths, char sep, boolean header) {
    List<List<String>> wrapped = new ArrayList<>();
    int height = 1;
    for (int i = 0; i < cells.length; i++) {
      List<String> lines = wrap(cells[i], widths[i] - 2);
      wrapped.add(lines);
      height = Math.max(height, lines.size());
    }
    StringBuilder sb = new StringBuilder();
    for (int h = 0; h < height; h++) {
      sb.append(sep);
      for (int i = 0; i < cells.length; i++) {
        String text = h < wrapped.get(i).size() ? wrapped.get(i).get(h) : "";
        int pad = widths[i] - 2 - text.length();
        boolean right = i == 2;
        sb.append(' ').append(right ? " ".repeat(pad) + text : text + " ".repeat(pad))
            .append(' ').append(sep);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Greedy word wrap at spaces; words longer than the width are folded. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String word : text.split(" ")) {
      while (word.length() > width) {
        if (cur.length() > 0) {
          lines.add(cur.toString());
          cur.setLength(0);
        }
        lines.add(word.substring(0, width));
        word = word.substring(width);
      }
      if (cur.length() == 0) {
        cur.append(word);
      } else if (cur.length() + 1 + word.length() <= width) {
        cur.append(' ').append(word);
      } else {
        lines.add(cur.toString());
        cur.setLength(0);
        cur.append(word);
      }
    }
    if (cur.length() > 0 || lines.isEmpty()) {
      lines.add(cur.toString());
    }
    return lines;
  }
}
