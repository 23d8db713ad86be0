package dev.kerasrnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The versions {@code keras-rnn --version} prints: this library, TF Java, native TensorFlow. */
final class Versions {
  private Versions() {}

  /** This library's version (from the build), or "unknown". */
  static String library() {
    return properties("/dev/kerasrnn/version.properties").getProperty("keras-rnn.version",
        "unknown");
  }

  /** The TF Java version on the class path (its jar's Maven metadata), or the built-against one. */
  static String tensorflowJava() {
    String v = properties("/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties")
        .getProperty("version");
    return v != null ? v : properties("/dev/kerasrnn/version.properties")
        .getProperty("tensorflow-java.version", "unknown");
  }

  /** The native TensorFlow library's own version (loads it). */
  static String tensorflow() {
    return org.tensorflow.TensorFlow.version();
  }

  private static Properties properties(String resource) {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream(resource)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // unknown versions print as such
    }
    return p;
  }

  /** picocli's hook. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"keras-rnn " + library(), "TensorFlow Java " + tensorflowJava(),
          "TensorFlow " + tensorflow() + " (native library)"};
    }
  }
}
