package dev.kerasrnn.core;

import java.nio.file.Path;

/** A Keras file cannot be read: missing, truncated, not HDF5, or lacking an expected entry. */
public class KerasFileException extends KerasRnnException {
  private static final long serialVersionUID = 1L;

  private final Path file;
  private final String pathInFile;

  public KerasFileException(Path file, String pathInFile, String message, Throwable cause) {
    super(describe(file, pathInFile, message), cause);
    this.file = file;
    this.pathInFile = pathInFile;
  }

  public KerasFileException(Path file, String pathInFile, String message) {
    this(file, pathInFile, message, null);
  }

  private static String describe(Path file, String pathInFile, String message) {
    String where = pathInFile == null || pathInFile.isEmpty() ? "" : " at '" + pathInFile + "'";
    return "file '" + file + "'" + where + ": " + message;
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }

  /** The path inside the file (HDF5 group/dataset or zip entry), or null. */
  public String pathInFile() {
    return pathInFile;
  }
}
