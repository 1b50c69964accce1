package dev.camelcoding.component.polling;

import java.util.Base64;
import java.util.BitSet;

/**
 * The set of issue codes known to exist, kept compact (one bit per code: a million issues take 125 KB) so the
 * deletion census can compare it with CODING's current list and persist it cheaply.
 */
final class KeySet {

    private final BitSet codes;

    private KeySet(BitSet codes) {
        this.codes = codes;
    }

    static KeySet empty() {
        return new KeySet(new BitSet());
    }

    static KeySet decode(String text) {
        return text == null || text.isEmpty()
                ? empty()
                : new KeySet(BitSet.valueOf(Base64.getDecoder().decode(text)));
    }

    String encode() {
        return Base64.getEncoder().encodeToString(codes.toByteArray());
    }

    boolean add(long code) {
        if (code <= 0 || code > Integer.MAX_VALUE) {
            return false;
        }
        boolean added = !codes.get((int) code);
        codes.set((int) code);
        return added;
    }

    boolean remove(long code) {
        if (code <= 0 || code > Integer.MAX_VALUE) {
            return false;
        }
        boolean removed = codes.get((int) code);
        codes.clear((int) code);
        return removed;
    }

    boolean contains(long code) {
        return code > 0 && code <= Integer.MAX_VALUE && codes.get((int) code);
    }

    int size() {
        return codes.cardinality();
    }

    /** The codes in this set above {@code after} and at most {@code upTo}, ascending. */
    long[] between(long after, long upTo) {
        int from = (int) Math.max(1, Math.min(Integer.MAX_VALUE, after + 1));
        long last = Math.min(Integer.MAX_VALUE, upTo);
        java.util.stream.LongStream.Builder found = java.util.stream.LongStream.builder();
        for (int code = codes.nextSetBit(from); code >= 0 && code <= last; code = codes.nextSetBit(code + 1)) {
            found.add(code);
            if (code == Integer.MAX_VALUE) {
                break;
            }
        }
        return found.build().toArray();
    }

    /** The codes in this set and not in {@code other}, ascending. */
    long[] minus(KeySet other) {
        BitSet difference = (BitSet) codes.clone();
        difference.andNot(other.codes);
        return difference.stream().asLongStream().toArray();
    }
}
