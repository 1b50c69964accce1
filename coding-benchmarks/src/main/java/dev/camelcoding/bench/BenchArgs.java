package dev.camelcoding.bench;

import java.util.Locale;

/**
 * What the benchmark command lines share: an option's value, whole numbers with a clear error, and the {@code --sink}
 * choice. Each benchmark keeps its own options record ({@link BenchOptions}, {@link WebhookBenchOptions}): their
 * options differ, their parsing does not.
 */
final class BenchArgs {

    /** Which Camel routes a benchmark measures besides its baseline. */
    enum Sink {
        NOOP,
        H2,
        BOTH;

        static Sink parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "noop" -> NOOP;
                case "h2" -> H2;
                case "both" -> BOTH;
                default -> throw new IllegalArgumentException("--sink must be noop, h2 or both");
            };
        }

        boolean noop() {
            return this != H2;
        }

        boolean h2() {
            return this != NOOP;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private BenchArgs() {}

    /** The value after {@code args[k - 1]}, the option. */
    static String value(String[] args, int k, String option) {
        if (k >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[k];
    }

    static int whole(String text, String option) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got " + text);
        }
    }

    static int positive(String text, String option) {
        int v = whole(text, option);
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return v;
    }
}
