package dev.camelcoding.simulator;

/**
 * Stateless, seed-derived pseudo randomness (SplitMix64 finaliser).
 *
 * <p>Everything the simulator does not store per issue (names, descriptions, comments, custom field values) is derived
 * from {@code hash(seed, code, salt)}, so the same seed always yields the same text and a million issues stay compact.
 */
final class Seeds {

    private Seeds() {}

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long hash(long seed, long a, long salt) {
        return mix(mix(seed + 0x9E3779B97F4A7C15L * (a + 1)) ^ (salt * 0xD1B54A32D192ED03L));
    }

    /** A value in {@code [0, bound)}. */
    static int pick(long seed, long a, long salt, int bound) {
        return (int) Math.floorMod(hash(seed, a, salt), (long) bound);
    }

    /** A value in {@code [0, 1)}. */
    static double unit(long seed, long a, long salt) {
        return (hash(seed, a, salt) >>> 11) * 0x1.0p-53;
    }
}
