package dev.kerasrnn.layers.attention;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The input shapes of a multi-head attention call ({@code MultiHeadAttention},
 * {@code GroupedQueryAttention}), in the order of the call's tensors: query, value, key (the
 * value's when not given), attention_mask, query_mask, value_mask, key_mask (null when absent).
 */
record HeadShapes(List<long[]> given, long[] query, long[] value, long[] key,
    long[] attentionMask) {

  static HeadShapes of(String layer, String kerasClass, List<long[]> shapes) {
    long[] q = at(shapes, 0);
    long[] v = at(shapes, 1);
    if (q == null || v == null) {
      throw new InvalidInputException(layer, kerasClass + " with a query and a value", "none");
    }
    long[] k = at(shapes, 2);
    return new HeadShapes(shapes, q, v, k == null ? v : k, at(shapes, 3));
  }

  static long[] at(List<long[]> shapes, int i) {
    return i < shapes.size() ? shapes.get(i) : null;
  }

  /**
   * Rank-3 query, value and key whose batches agree, value and key of one length, known last
   * dimensions, and the value's last dimension the query's when {@code valueDimIsQueryDim}.
   */
  boolean agree(boolean valueDimIsQueryDim) {
    long[] q = query;
    long[] v = value;
    long[] k = key;
    return q.length == 3 && v.length == 3 && k.length == 3
        && BaseDenseAttention.agree(q[0], v[0]) && BaseDenseAttention.agree(q[0], k[0])
        && BaseDenseAttention.agree(v[1], k[1]) && q[2] > 0 && v[2] > 0 && k[2] > 0
        && (!valueDimIsQueryDim || q[2] == v[2]);
  }

  /** An attention_mask, if given, of shape (batch, T, S). */
  boolean attentionMaskAgrees() {
    return attentionMask == null || attentionMask.length == 3
        && BaseDenseAttention.agree(attentionMask[1], query[1])
        && BaseDenseAttention.agree(attentionMask[2], value[1]);
  }

  /** The index (4, 5 or 6) of the first query/value/key mask not of shape (batch, time), or -1. */
  int badMask() {
    for (int i = 4; i < given.size(); i++) {
      long[] m = given.get(i);
      long[] of = i == 4 ? query : value;
      if (m != null && (m.length != 2 || !BaseDenseAttention.agree(m[1], of[1]))) {
        return i;
      }
    }
    return -1;
  }

  /** The shapes as given, "None" for an absent tensor. */
  String describe() {
    List<String> out = new ArrayList<>();
    given.forEach(s -> out.add(s == null ? "None" : HostArray.shapeString(s)));
    return String.join(", ", out);
  }
}
