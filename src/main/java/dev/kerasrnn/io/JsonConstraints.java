package dev.kerasrnn.io;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Jackson read limits that also work with Jackson 2.15 (the version Spark 3.5 puts on the class
 * path): the document and name length limits that Jackson 2.16 added are set when the running
 * Jackson has them. Every caller checks a document's size itself before parsing, so without
 * them a document is still bounded (and a name by the document).
 */
final class JsonConstraints {
  private JsonConstraints() {}

  static StreamReadConstraints of(int maxDepth, int maxNumberLength, int maxStringLength,
      long maxDocumentLength, int maxNameLength) {
    StreamReadConstraints.Builder b = StreamReadConstraints.builder()
        .maxNestingDepth(maxDepth)
        .maxNumberLength(maxNumberLength)
        .maxStringLength(maxStringLength);
    try {
      b = b.maxDocumentLength(maxDocumentLength).maxNameLength(maxNameLength);
    } catch (NoSuchMethodError jackson215) {
      // Jackson 2.15: no such limits; the callers' own size checks bound the document.
    }
    return b.build();
  }
}
