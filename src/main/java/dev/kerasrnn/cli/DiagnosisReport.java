package dev.kerasrnn.cli;

import dev.kerasrnn.parity.ArrayDiff;
import dev.kerasrnn.parity.Diagnosis;
import dev.kerasrnn.parity.Diagnosis.Cause;
import dev.kerasrnn.parity.Diagnosis.OutputCheck;
import dev.kerasrnn.parity.RunEnvironment;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a {@link Diagnosis}: environment, both targets, layers, causes and the verdict. */
final class DiagnosisReport {
  private final PrintStream out;

  DiagnosisReport(PrintStream out) {
    this.out = out;
  }

  void print(Diagnosis d, int batchSize) {
    if (d.launchLine() != null) {
      out.println("environment: this JVM differs from the one the case was recorded in:");
      for (RunEnvironment.Difference e : d.environment()) {
        out.printf("  %-24s recorded %s, here %s%n", e.variable(), e.recorded(), e.here());
      }
      out.println("  run Java under the recorded terms:");
      out.println("  " + d.launchLine());
    } else {
      out.println("environment: as recorded");
    }
    if (!d.call().isEmpty()) {
      out.println();
      out.println("model(x)   Java CALL target (eager and compiled) vs Keras's model(x)");
      for (OutputCheck o : d.call()) {
        out.printf("  output %-12s eager: %s; compiled: %s%n", o.name(), o.eager(),
            o.compiled());
      }
    }
    if (!d.predict().isEmpty() || d.predictRefused() != null) {
      out.println();
      out.printf("predict()  Java PREDICT target vs Keras's model.predict(x, batch_size=%d)%n",
          batchSize);
      for (OutputCheck o : d.predict()) {
        out.printf("  output %-12s %s%n", o.name(), o.eager());
      }
      if (d.predictRefused() != null) {
        out.println("  not run: " + d.predictRefused());
      }
      for (int k = 0; k < d.kerasPredictVsCall().size(); k++) {
        ArrayDiff own = d.kerasPredictVsCall().get(k);
        if (!own.exact()) {
          out.printf("  (Keras's own predict() differs from its model(x) in output %d by max ULP"
              + " %d: its graph is rewritten, see README \"Two targets\")%n", k, own.maxUlp());
        }
      }
    }
    if (d.layers() != null) {
      out.println();
      Diagnosis.LayerCheck l = d.layers();
      if (l.firstDiffering() != null) {
        Diagnosis.LayerDiff f = l.firstDiffering();
        out.printf("layers     first differing layer: %s (%s), max ULP %d in Java's %s run"
            + " (%s)%n", f.name(), f.className(), f.diff().maxUlp(), f.runs(), f.diff());
      } else {
        out.printf("layers     all %d recorded layer outputs are bit-exact (Java eager and"
            + " compiled)%n", l.compared());
      }
      if (!l.notCompared().isEmpty()) {
        out.println("  not compared (no float output in Java): " + l.notCompared());
      }
    }
    if (!d.causes().isEmpty()) {
      out.println();
      out.println("possible causes (detected):");
      for (Cause c : d.causes()) {
        out.printf("  - [%s] %s%n", c.kind().name().toLowerCase(Locale.ROOT), c.message());
      }
    }
    for (String n : d.notes()) {
      out.println("note: " + n);
    }
    out.println();
    out.println("verdict: " + verdict(d));
  }

  private static String verdict(Diagnosis d) {
    return switch (d.verdict()) {
      case BIT_EXACT -> "bit-exact: Java matches Keras's model(x) (eager and compiled)"
          + (d.predictRefused() == null ? " and model.predict(x) bit for bit"
              : " bit for bit (and predict(), which equals model(x) here)");
      case CALL_ONLY -> "bit-exact with Keras's model(x) (eager and compiled); Keras's predict()"
          + " differs from it and is not reproduced for this model";
      case DIFFERS -> "DIFFERS: Java's outputs differ from Keras's" + (d.causes().isEmpty()
          ? "; no cause detected (please report it with the case folder)" : "");
      case NOT_RUN -> "NOT RUN: the library cannot load or run this model";
    };
  }

}
