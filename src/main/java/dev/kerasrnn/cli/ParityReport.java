package dev.kerasrnn.cli;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.parity.ArrayDiff;
import java.io.PrintStream;
import java.util.List;

/** Prints Java's outputs beside Keras's, per output, with a bit-exact verdict. */
final class ParityReport {
  private final PrintStream out;
  private final int show;

  ParityReport(PrintStream out, int show) {
    this.out = out;
    this.show = show;
  }

  /**
   * Prints every output and the verdict.
   *
   * @param kerasPredict Keras's {@code predict()} outputs, or null if not recorded
   * @return true if eager and compiled Java both equal Keras's {@code model(x)} bit for bit
   */
  boolean print(List<String> names, List<HostArray> keras, List<HostArray> eager,
      List<HostArray> compiled, List<HostArray> kerasPredict) {
    boolean all = true;
    for (int k = 0; k < keras.size(); k++) {
      ArrayDiff de = ArrayDiff.of(keras.get(k), eager.get(k));
      ArrayDiff dc = ArrayDiff.of(keras.get(k), compiled.get(k));
      boolean exact = de.exact() && dc.exact();
      all &= exact;
      out.printf("%noutput %d (%s) %s%n", k, names.get(k), keras.get(k));
      out.printf("  %-14s %s%n", "Keras", head(keras.get(k)));
      out.printf("  %-14s %s%n", "Java eager", head(eager.get(k)));
      out.printf("  %-14s %s%n", "Java compiled", head(compiled.get(k)));
      out.printf("  bit-exact: %s (eager: %s; compiled: %s; max ULP %d)%n",
          exact ? "yes" : "NO", de, dc, Math.max(de.maxUlp(), dc.maxUlp()));
      if (kerasPredict != null && k < kerasPredict.size()
          && !kerasPredict.get(k).equals(keras.get(k))) {
        out.printf("  (Keras's predict() differs from its own model(x) here by max ULP %d:"
            + " Grappler, see README)%n", ArrayDiff.of(keras.get(k), kerasPredict.get(k))
            .maxUlp());
      }
    }
    out.printf("%nverdict: %s%n", all
        ? "Java matches Keras bit for bit (eager and compiled)"
        : "Java DIFFERS from Keras");
    return all;
  }

  /**
   * Prints Java's {@code PREDICT} outputs beside Keras's {@code predict()}, with the verdict.
   *
   * @return true if every output is bit-exact
   */
  boolean printPredict(List<String> names, List<HostArray> keras, List<HostArray> java) {
    boolean all = keras.size() == java.size();
    for (int k = 0; k < Math.min(keras.size(), java.size()); k++) {
      ArrayDiff d = ArrayDiff.of(keras.get(k), java.get(k));
      all &= d.exact();
      out.printf("%noutput %d (%s) %s%n", k, names.get(k), keras.get(k));
      out.printf("  %-14s %s%n", "Keras predict", head(keras.get(k)));
      out.printf("  %-14s %s%n", "Java predict", head(java.get(k)));
      out.printf("  bit-exact: %s (%s; max ULP %d)%n", d.exact() ? "yes" : "NO", d, d.maxUlp());
    }
    out.printf("%nverdict: %s%n", all ? "Java matches Keras's predict() bit for bit"
        : "Java DIFFERS from Keras's predict()");
    return all;
  }

  private String head(HostArray a) {
    StringBuilder sb = new StringBuilder("[");
    long n = Math.min(show, a.size());
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? ", " : "").append(String.format("%.9g", a.getDouble(i)));
    }
    return sb.append(a.size() > n ? ", ...]" : "]").toString();
  }
}
