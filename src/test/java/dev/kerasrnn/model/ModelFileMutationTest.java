package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.KerasRnnException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives a few hundred mutated copies of the shipped model files (models/ and compat-tests model
 * cases) through {@link Model#load}: truncations, byte flips, and rewritten .keras entries
 * (corrupted config JSON, Lambda layers, cycles, huge shapes, path-traversal names, a compression
 * bomb). Each must load or fail with a documented {@link KerasRnnException}, within a time limit.
 */
class ModelFileMutationTest {
  private static final int PER_FILE = 30;
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @TempDir
  static Path tmp;

  static List<Path> sources() throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path root : List.of(Path.of("models"), Path.of("compat-tests", "fixtures"))) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(root, 2)) {
        s.filter(p -> {
          String n = p.getFileName().toString();
          return (n.equals("model.keras") || n.equals("model.h5"))
              && (p.startsWith(Path.of("models")) || p.getParent().getFileName().toString()
                  .startsWith("model_"));
        }).sorted().limit(8).forEach(out::add);
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> mutatedFilesFailCleanly() throws IOException {
    List<Path> sources = sources();
    assertTrue(sources.size() >= 2, "expected shipped model files, found " + sources);
    List<DynamicTest> tests = new ArrayList<>();
    for (Path src : sources) {
      byte[] original = Files.readAllBytes(src);
      Random rng = new Random(src.toString().hashCode());
      String name = src.getParent().getFileName() + "/" + src.getFileName();
      boolean zip = original[0] == 'P' && original[1] == 'K';
      for (int i = 0; i < PER_FILE; i++) {
        int kind = zip ? i % 4 : i % 2;
        String label = name + " #" + i + " " + List.of("truncate", "flip", "config", "entries")
            .get(kind);
        Random r = new Random(rng.nextLong());
        tests.add(DynamicTest.dynamicTest(label, () -> {
          byte[] mutated = switch (kind) {
            case 0 -> truncate(original, r);
            case 1 -> flip(original, r);
            case 2 -> rewriteConfig(original, r);
            default -> rewriteEntries(original, r);
          };
          Path file = tmp.resolve("m" + Math.abs(r.nextLong()) + (zip ? ".keras" : ".h5"));
          Files.write(file, mutated);
          loadCleanly(label, file);
          Files.delete(file);
        }));
      }
    }
    return tests.stream();
  }

  private static void loadCleanly(String label, Path file) {
    assertTimeoutPreemptively(LIMIT, () -> {
      try (Model m = Model.load(file)) {
        assertTrue(m.layers().size() > 0);
      } catch (KerasRnnException e) {
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), label);
      } catch (Throwable t) {
        fail(label + ": undocumented " + t, t);
      }
    }, label + ": hung");
  }

  private static byte[] truncate(byte[] b, Random r) {
    return java.util.Arrays.copyOf(b, r.nextInt(b.length));
  }

  private static byte[] flip(byte[] b, Random r) {
    byte[] out = b.clone();
    int n = 1 + r.nextInt(16);
    for (int i = 0; i < n; i++) {
      int at = r.nextInt(out.length);
      out[at] = (byte) (r.nextBoolean() ? out[at] ^ (1 << r.nextInt(8)) : r.nextInt(256));
    }
    return out;
  }

  /** The .keras archive with config.json rewritten by one structural mutation. */
  private static byte[] rewriteConfig(byte[] b, Random r) throws IOException {
    Map<String, byte[]> entries = unzip(b);
    String json = new String(entries.get("config.json"), StandardCharsets.UTF_8);
    ObjectMapper m = new ObjectMapper();
    JsonNode root = m.readTree(json);
    JsonNode layers = root.path("config").path("layers");
    String out;
    switch (r.nextInt(9)) {
      case 0 -> out = json.substring(0, r.nextInt(json.length()));
      case 1 -> out = json.replaceFirst("\"class_name\": \"(Dense|GRU|LSTM)\"",
          "\"class_name\": \"Lambda\"");
      case 2 -> out = json.replaceFirst("\"class_name\": \"(Dense|GRU|LSTM)\"",
          "\"class_name\": \"MyCustomLayer\", \"registered_name\": \"Custom>MyCustomLayer\"");
      case 3 -> out = json.replaceAll("\"batch_shape\": \\[null", "\"batch_shape\": [null, 99999999999");
      case 4 -> out = json.replaceAll("\\[null, ", "[null, 4000000000, ");
      case 5 -> {
        if (layers.size() > 1) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) layers.get(1)).remove("config");
        }
        out = root.toString();
      }
      case 6 -> out = json.replaceAll("\"keras_history\": \\[\"[^\"]*\"",
          "\"keras_history\": [\"" + "nowhere" + "\"");
      case 7 -> {
        // A cycle: every layer reads the last layer's output.
        String last = layers.get(layers.size() - 1).path("config").path("name").asText("x");
        out = json.replaceAll("\"keras_history\": \\[\"[^\"]*\", 0, 0\\]",
            "\"keras_history\": [\"" + last + "\", 0, 0]");
      }
      default -> out = json.replace("\"units\": ", "\"units\": -");
    }
    entries.put("config.json", out.getBytes(StandardCharsets.UTF_8));
    return zip(entries, Map.of());
  }

  /** Entry-level rewrites: traversal names, a bomb, missing or swapped entries. */
  private static byte[] rewriteEntries(byte[] b, Random r) throws IOException {
    Map<String, byte[]> entries = unzip(b);
    switch (r.nextInt(5)) {
      case 0 -> entries.put("../../evil.txt", "x".getBytes(StandardCharsets.UTF_8));
      case 1 -> entries.put("/etc/evil", "x".getBytes(StandardCharsets.UTF_8));
      case 2 -> entries.remove(List.of("config.json", "metadata.json", "model.weights.h5")
          .get(r.nextInt(3)));
      case 3 -> {
        byte[] w = entries.get("model.weights.h5");
        entries.put("model.weights.h5", entries.get("config.json"));
        entries.put("config.json", w);
      }
      default -> {
        // A compression bomb as config.json: 80 MiB of zeros (compresses to ~80 KiB).
        return zip(entries, Map.of("config.json", 80 << 20));
      }
    }
    return zip(entries, Map.of());
  }

  private static Map<String, byte[]> unzip(byte[] b) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(b))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  private static byte[] zip(Map<String, byte[]> entries, Map<String, Integer> zeros)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        if (zeros.containsKey(e.getKey())) {
          byte[] chunk = new byte[1 << 20];
          for (int i = 0; i < zeros.get(e.getKey()) >> 20; i++) {
            out.write(chunk);
          }
        } else {
          out.write(e.getValue());
        }
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
