package dev.kerasrnn.parity;

import dev.kerasrnn.core.KerasFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.OpDef.ArgDef;

/**
 * Function libraries of {@code predict()} traces, normalized the way python-fixtures'
 * {@code predict_library.py} writes Keras's: only the functions reachable from the entries by
 * name; each renamed to its name without the process-wide counter plus {@code __k} (k counting
 * the functions of that base name in the order a depth-first walk from the entries first reaches
 * them), every reference rewritten alike; uuids and custom-gradient ids numbered by appearance;
 * functions sorted by name. {@link #firstDifference} compares two normalized libraries node by
 * node.
 */
public final class FunctionLibraries {
  private static final Pattern COUNTER = Pattern.compile("^(.*?)_\\d+$");
  private static final Pattern GRADIENT = Pattern.compile("CustomGradient-\\d+");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private FunctionLibraries() {}

  /** Reads a gzip-compressed serialized FunctionDefLibrary. */
  public static FunctionDefLibrary read(Path file) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
      return FunctionDefLibrary.parseFrom(in.readAllBytes());
    } catch (IOException e) {
      throw new KerasFileException(file, "", "expected a gzip-compressed FunctionDefLibrary: "
          + e.getMessage(), e);
    }
  }

  /** {@code name} without its trailing {@code _<digits>} counters. */
  static String baseName(String name) {
    while (true) {
      Matcher m = COUNTER.matcher(name);
      if (!m.matches() || m.group(1).isEmpty()) {
        return name;
      }
      name = m.group(1);
    }
  }

  /** The normalized library and the entries' new names. */
  public record Normalized(FunctionDefLibrary library, List<String> entries) {}

  /** Normalizes {@code library} reached from {@code entries} (see the class comment). */
  public static Normalized normalize(FunctionDefLibrary library, List<String> entries) {
    Map<String, FunctionDef> byName = new LinkedHashMap<>();
    for (FunctionDef f : library.getFunctionList()) {
      byName.put(f.getSignature().getName(), f);
    }
    List<String> order = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String e : entries) {
      walk(e, byName, seen, order);
    }
    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> renamed = new LinkedHashMap<>();
    for (String n : order) {
      String base = baseName(n);
      int k = counts.merge(base, 1, Integer::sum) - 1;
      renamed.put(n, base + "__" + k);
    }
    // Rewritten in the order of the new names (uuids and gradient ids count in that order).
    List<String> sorted = new ArrayList<>(order);
    sorted.sort(Comparator.comparing(renamed::get));
    Rewriter r = new Rewriter(renamed);
    List<FunctionDef> out = new ArrayList<>();
    for (String n : sorted) {
      out.add(r.function(byName.get(n)));
    }
    List<String> newEntries = entries.stream().map(renamed::get).toList();
    return new Normalized(FunctionDefLibrary.newBuilder().addAllFunction(out).build(),
        newEntries);
  }

  private static void walk(String name, Map<String, FunctionDef> byName, Set<String> seen,
      List<String> order) {
    if (seen.contains(name) || !byName.containsKey(name)) {
      return;
    }
    seen.add(name);
    order.add(name);
    for (String ref : references(byName.get(name), byName.keySet())) {
      walk(ref, byName, seen, order);
    }
  }

  /** Library functions a function refers to, in node order, attrs in key order. */
  private static List<String> references(FunctionDef f, Set<String> names) {
    List<String> found = new ArrayList<>();
    for (NodeDef n : f.getNodeDefList()) {
      if (names.contains(n.getOp())) {
        found.add(n.getOp());
      }
      new TreeMap<>(n.getAttrMap()).values().forEach(v -> visit(v, names, found));
    }
    new TreeMap<>(f.getAttrMap()).values().forEach(v -> visit(v, names, found));
    return found;
  }

  private static void visit(AttrValue v, Set<String> names, List<String> found) {
    switch (v.getValueCase()) {
      case FUNC -> {
        found.add(v.getFunc().getName());
        new TreeMap<>(v.getFunc().getAttrMap()).values().forEach(a -> visit(a, names, found));
      }
      case LIST -> v.getList().getFuncList().forEach(fn -> found.add(fn.getName()));
      case S -> {
        String s = v.getS().toStringUtf8();
        if (names.contains(s)) {
          found.add(s);
        }
      }
      default -> { }
    }
  }

  /** Rewrites names, uuids and gradient ids in appearance order, as predict_library.py. */
  private static final class Rewriter {
    private final Map<String, String> renamed;
    private final Pattern names;
    private final Map<String, String> uuids = new HashMap<>();
    private final Map<String, String> gradients = new HashMap<>();

    Rewriter(Map<String, String> renamed) {
      this.renamed = renamed;
      List<String> longestFirst = new ArrayList<>(renamed.keySet());
      longestFirst.sort(Comparator.comparingInt(String::length).reversed());
      StringBuilder p = new StringBuilder("(?:");
      for (int i = 0; i < longestFirst.size(); i++) {
        p.append(i > 0 ? "|" : "").append(Pattern.quote(longestFirst.get(i)));
      }
      this.names = Pattern.compile(p.append(")(?!\\d)").toString());
    }

    String text(String s) {
      if (!renamed.isEmpty()) {
        s = names.matcher(s).replaceAll(m -> Matcher.quoteReplacement(renamed.get(m.group())));
      }
      s = GRADIENT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(gradients.computeIfAbsent(
          m.group(), k -> "CustomGradient#" + gradients.size())));
      return UUID.matcher(s).replaceAll(m -> Matcher.quoteReplacement(uuids.computeIfAbsent(
          m.group(), k -> "uuid#" + uuids.size())));
    }

    AttrValue attr(AttrValue v) {
      switch (v.getValueCase()) {
        case FUNC -> {
          NameAttrList.Builder f = v.getFunc().toBuilder().setName(text(v.getFunc().getName()));
          f.clearAttr();
          new TreeMap<>(v.getFunc().getAttrMap()).forEach((k, a) -> f.putAttr(k, attr(a)));
          return v.toBuilder().setFunc(f).build();
        }
        case LIST -> {
          AttrValue.ListValue.Builder l = v.getList().toBuilder();
          for (int i = 0; i < l.getFuncCount(); i++) {
            l.setFunc(i, l.getFunc(i).toBuilder().setName(text(l.getFunc(i).getName())));
          }
          return v.toBuilder().setList(l).build();
        }
        case S -> {
          return v.toBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8(
              text(v.getS().toStringUtf8()))).build();
        }
        default -> {
          return v;
        }
      }
    }

    FunctionDef function(FunctionDef f) {
      FunctionDef.Builder b = f.toBuilder();
      OpDef.Builder sig = b.getSignatureBuilder();
      sig.setName(renamed.get(f.getSignature().getName()));
      for (ArgDef.Builder a : sig.getInputArgBuilderList()) {
        a.setName(text(a.getName()));
      }
      for (ArgDef.Builder a : sig.getOutputArgBuilderList()) {
        a.setName(text(a.getName()));
      }
      for (int i = 0; i < sig.getControlOutputCount(); i++) {
        sig.setControlOutput(i, text(sig.getControlOutput(i)));
      }
      Map<String, AttrValue> attrs = new TreeMap<>(f.getAttrMap());
      b.clearAttr();
      attrs.forEach((k, v) -> b.putAttr(k, attr(v)));
      for (NodeDef.Builder n : b.getNodeDefBuilderList()) {
        n.setName(text(n.getName()));
        if (renamed.containsKey(n.getOp())) {
          n.setOp(renamed.get(n.getOp()));
        }
        for (int i = 0; i < n.getInputCount(); i++) {
          n.setInput(i, text(n.getInput(i)));
        }
        Map<String, AttrValue> na = new TreeMap<>(n.getAttrMap());
        n.clearAttr();
        na.forEach((k, v) -> n.putAttr(k, attr(v)));
      }
      Map<String, String> ret = new TreeMap<>();
      f.getRetMap().forEach((k, v) -> ret.put(text(k), text(v)));
      b.clearRet().putAllRet(ret);
      Map<String, String> controlRet = new TreeMap<>();
      f.getControlRetMap().forEach((k, v) -> controlRet.put(text(k), text(v)));
      b.clearControlRet().putAllControlRet(controlRet);
      return b.build();
    }
  }

  /**
   * The first difference between two normalized libraries (Keras's, then Java's), or null when
   * they are equal: a function missing on either side, then per function (in name order) the
   * signature, attributes, argument attributes, each node by name (op, inputs in order, attrs,
   * in Keras's node order, then nodes only Java has), and the returned values. Node order
   * itself is not compared: TF Python adds a function's final control edges after creating the
   * ops, which the C API cannot do, and Grappler does not depend on it.
   */
  public static String firstDifference(FunctionDefLibrary keras, FunctionDefLibrary java) {
    Map<String, FunctionDef> k = byName(keras);
    Map<String, FunctionDef> j = byName(java);
    for (String n : k.keySet()) {
      if (!j.containsKey(n)) {
        return "function " + n + " is missing in Java's library (Java has " + j.keySet() + ")";
      }
    }
    for (String n : j.keySet()) {
      if (!k.containsKey(n)) {
        return "function " + n + " is in Java's library only (Keras has " + k.keySet() + ")";
      }
    }
    for (String n : k.keySet()) {
      String d = difference(k.get(n), j.get(n));
      if (d != null) {
        return "function " + n + ": " + d;
      }
    }
    return null;
  }

  private static Map<String, FunctionDef> byName(FunctionDefLibrary lib) {
    Map<String, FunctionDef> out = new TreeMap<>();
    lib.getFunctionList().forEach(f -> out.put(f.getSignature().getName(), f));
    return out;
  }

  private static String difference(FunctionDef k, FunctionDef j) {
    if (!k.getSignature().equals(j.getSignature())) {
      return "signature differs: " + signatureDifference(k.getSignature(), j.getSignature());
    }
    if (!k.getAttrMap().equals(j.getAttrMap())) {
      return "function attrs differ: Keras " + oneLine(k.getAttrMap()) + ", Java "
          + oneLine(j.getAttrMap());
    }
    for (int i = 0; i < k.getSignature().getInputArgCount(); i++) {
      Object ka = k.getArgAttrMap().get(i);
      Object ja = j.getArgAttrMap().get(i);
      if (!java.util.Objects.equals(ka, ja)) {
        return "arg " + i + " (" + k.getSignature().getInputArg(i).getName()
            + ") attrs differ: Keras " + oneLine(ka) + ", Java " + oneLine(ja);
      }
    }
    Map<String, NodeDef> jn = new LinkedHashMap<>();
    j.getNodeDefList().forEach(n -> jn.put(n.getName(), n));
    Set<String> kNames = new LinkedHashSet<>();
    for (NodeDef n : k.getNodeDefList()) {
      kNames.add(n.getName());
      NodeDef m = jn.get(n.getName());
      if (m == null) {
        return "node " + n.getName() + " (" + n.getOp() + ", inputs " + n.getInputList()
            + ") is missing in Java's function";
      }
      if (!n.equals(m)) {
        return "node " + n.getName() + " differs:\n  Keras " + oneLine(n) + "\n  Java  "
            + oneLine(m);
      }
    }
    for (NodeDef m : j.getNodeDefList()) {
      if (!kNames.contains(m.getName())) {
        return "node " + m.getName() + " (" + m.getOp() + ", inputs " + m.getInputList()
            + ") is in Java's function only";
      }
    }
    if (!k.getRetMap().equals(j.getRetMap())) {
      return "returned values differ: Keras " + k.getRetMap() + ", Java " + j.getRetMap();
    }
    if (!k.getControlRetMap().equals(j.getControlRetMap())) {
      return "control returns differ: Keras " + k.getControlRetMap() + ", Java "
          + j.getControlRetMap();
    }
    return null;
  }

  private static String signatureDifference(OpDef k, OpDef j) {
    for (int i = 0; i < Math.max(k.getInputArgCount(), j.getInputArgCount()); i++) {
      Object a = i < k.getInputArgCount() ? oneLine(k.getInputArg(i)) : "none";
      Object b = i < j.getInputArgCount() ? oneLine(j.getInputArg(i)) : "none";
      if (!a.equals(b)) {
        return "input " + i + ": Keras " + a + ", Java " + b;
      }
    }
    for (int i = 0; i < Math.max(k.getOutputArgCount(), j.getOutputArgCount()); i++) {
      Object a = i < k.getOutputArgCount() ? oneLine(k.getOutputArg(i)) : "none";
      Object b = i < j.getOutputArgCount() ? oneLine(j.getOutputArg(i)) : "none";
      if (!a.equals(b)) {
        return "output " + i + ": Keras " + a + ", Java " + b;
      }
    }
    return "Keras " + oneLine(k) + "\n  Java  " + oneLine(j);
  }

  private static String oneLine(Object o) {
    return String.valueOf(o).replaceAll("\\s*\\n\\s*", " ").trim();
  }
}
