package dev.kerasrnn.io;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * Orders names so that runs of digits compare as numbers: {@code "9" < "10"} and
 * {@code "lstm_2" < "lstm_10"}. Ties (e.g. {@code "01"} and {@code "1"}) fall back to plain order.
 */
final class NaturalOrder implements Comparator<String> {
  static final NaturalOrder INSTANCE = new NaturalOrder();

  private NaturalOrder() {}

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ei = runEnd(a, i);
      int ej = runEnd(b, j);
      String ra = a.substring(i, ei);
      String rb = b.substring(j, ej);
      int c = isDigits(ra) && isDigits(rb)
          ? new BigInteger(ra).compareTo(new BigInteger(rb))
          : ra.compareTo(rb);
      if (c != 0) {
        return c;
      }
      i = ei;
      j = ej;
    }
    int byLength = Integer.compare(a.length() - i, b.length() - j);
    return byLength != 0 ? byLength : a.compareTo(b);
  }

  private static int runEnd(String s, int start) {
    boolean digit = Character.isDigit(s.charAt(start));
    int end = start + 1;
    while (end < s.length() && Character.isDigit(s.charAt(end)) == digit) {
      end++;
    }
    return end;
  }

  private static boolean isDigits(String run) {
    return Character.isDigit(run.charAt(0));
  }
}
