package dev.kerasrnn.fuzz;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.io.NpyFile;
import dev.kerasrnn.serving.RequestBodies;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Seed inputs per {@link FuzzTarget}, from the shipped models ({@code models/}) and the Keras
 * fixtures ({@code compat-tests/fixtures}): model files, weights with their configs, configs
 * (also the ones inside {@code .keras} archives); {@code .npy} and JSON inputs are made here with
 * the library's own writer. Ordered by size, smallest first.
 */
final class Seeds {
  private static final Path MODELS = Path.of("models");
  private static final Path FIXTURES = Path.of("compat-tests", "fixtures");

  private Seeds() {}

  /** Up to {@code max} seeds of {@code target}, by name. */
  static Map<String, byte[]> of(FuzzTarget target, int max) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    switch (target) {
      case KERAS_ARCHIVE -> files("model.keras", true).forEach(p -> out.put(name(p), read(p)));
      case LEGACY_H5 -> files("model.h5", false).forEach(p -> out.put(name(p), read(p)));
      case WEIGHTS_AND_CONFIG -> modelDirs().forEach(d -> {
        Path config = d.resolve("config.json");
        for (String w : List.of("model.weights.h5", "weights.h5")) {
          if (Files.exists(config) && Files.exists(d.resolve(w))) {
            out.put(name(d.resolve(w)), FuzzTarget.pack(read(config), read(d.resolve(w))));
          }
        }
      });
      case CONFIG_JSON -> {
        modelDirs().forEach(d -> {
          if (Files.exists(d.resolve("config.json"))) {
            out.put(name(d.resolve("config.json")), read(d.resolve("config.json")));
          }
        });
        files("model.keras", true).forEach(p -> out.put(name(p) + ":config.json",
            entry(read(p), "config.json")));
      }
      case NPY -> npySeeds().forEach(out::put);
      case JSON_INPUT -> jsonSeeds().forEach(out::put);
      case TF_SERVING_BODY -> RequestBodies.seeds(false).forEach(out::put);
      case KSERVE_BODY -> RequestBodies.seeds(true).forEach(out::put);
      default -> throw new AssertionError(target);
    }
    Map<String, byte[]> sorted = new LinkedHashMap<>();
    out.entrySet().stream().filter(e -> e.getValue() != null)
        .sorted(Comparator.comparingInt(e -> e.getValue().length)).limit(max)
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** Model files named {@code fileName}: shipped models, then fixture model cases (and, for
   * {@code .h5}, layer cases, which are also full models). */
  private static List<Path> files(String fileName, boolean modelCasesOnly) {
    List<Path> out = new ArrayList<>();
    for (Path d : allDirs()) {
      boolean modelCase = d.startsWith(MODELS) || d.getFileName().toString().startsWith("model_");
      if ((modelCase || !modelCasesOnly) && Files.exists(d.resolve(fileName))) {
        out.add(d.resolve(fileName));
      }
    }
    return out;
  }

  private static List<Path> modelDirs() {
    return allDirs().stream().filter(d -> d.startsWith(MODELS)
        || d.getFileName().toString().startsWith("model_")).toList();
  }

  private static List<Path> allDirs() {
    List<Path> out = new ArrayList<>();
    for (Path root : List.of(MODELS, FIXTURES)) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> s = Files.list(root)) {
          s.filter(Files::isDirectory).sorted().forEach(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  private static Map<String, byte[]> npySeeds() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try {
      Path tmp = Files.createTempFile("seed", ".npy");
      double[] v = {0.5, -1.25, 3.0, Double.NaN, -0.0, 1e-40};
      NpyFile.write(tmp, HostArray.of(DType.FLOAT32, new long[] {1, 2, 3}, v));
      out.put("f4_1x2x3", Files.readAllBytes(tmp));
      NpyFile.write(tmp, HostArray.of(DType.FLOAT64, new long[] {2, 3}, v));
      out.put("f8_2x3", Files.readAllBytes(tmp));
      NpyFile.write(tmp, IntArray.of(new long[] {2, 2}, 1, 0, 7, 3));
      out.put("i4_2x2", Files.readAllBytes(tmp));
      NpyFile.write(tmp, HostArray.of(DType.FLOAT32, new long[] {0, 4}));
      out.put("f4_0x4", Files.readAllBytes(tmp));
      Files.delete(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static Map<String, byte[]> jsonSeeds() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String s : List.of("[[[0.5, -1.25, 3.0], [1e-3, 2.5E2, -0.0]]]", "[[1, 2, 3], [4, 5, 6]]",
        "[[], []]", "7", "[[[1.5]]]", "[1, 2.0, 3]")) {
      out.put(s, s.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] entry(byte[] zip, String name) {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().equals(name)) {
          return in.readAllBytes();
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(Path p) {
    return p.getParent().getFileName() + "/" + p.getFileName();
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
