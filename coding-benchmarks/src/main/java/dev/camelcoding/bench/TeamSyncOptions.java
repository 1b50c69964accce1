package dev.camelcoding.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** TeamSyncBenchmark's options: the team's project sizes, the rate, the change workload and the phases' lengths. */
record TeamSyncOptions(
        List<Integer> sizes,
        double rate,
        long seed,
        int active,
        Duration activeGap,
        Duration settle,
        Duration window,
        boolean idle,
        Duration idleSettle,
        Duration refresh) {

    /**
     * The default team: 50 projects, one of 50,000 issues, six of 1,200 to 10,000, and 43 under 1,000 (100 to 940).
     */
    static List<Integer> defaultSizes() {
        List<Integer> sizes = new ArrayList<>(List.of(50_000, 10_000, 5_000, 3_000, 2_000, 1_500, 1_200));
        for (int i = 0; i < 43; i++) {
            sizes.add(100 + 20 * i);
        }
        return sizes;
    }

    static TeamSyncOptions parse(String[] args) {
        Args a = new Args(args);
        String sizes = a.string("--sizes", null);
        List<Integer> list = new ArrayList<>();
        if (sizes == null) {
            list.addAll(defaultSizes());
        } else {
            for (String s : sizes.split(",")) {
                list.add(Integer.parseInt(s.trim().replace("_", "")));
            }
        }
        return new TeamSyncOptions(
                list,
                a.dbl("--rate", 5),
                a.lng("--seed", 7),
                a.integer("--active", Math.max(1, list.size() / 5)),
                a.duration("--active-gap", Duration.ofMinutes(20)),
                a.duration("--settle", Duration.ofHours(2)),
                a.duration("--window", Duration.ofHours(4)),
                Boolean.parseBoolean(a.string("--idle", "true")),
                a.duration("--idle-settle", Duration.ofHours(2)),
                a.duration("--refresh", Duration.ofMinutes(10)));
    }

    /** Whether project {@code i} is one of the active ones: spread over the sizes, the largest among them. */
    boolean activeProject(int i) {
        int every = Math.max(1, sizes.size() / Math.max(1, active));
        return active > 0 && i % every == 0 && i / every < active;
    }

    /** --name value pairs; durations as 90s, 30m, 4h. */
    private record Args(String[] args) {

        String string(String name, String fallback) {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals(name)) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    return args[i + 1];
                }
            }
            return fallback;
        }

        double dbl(String name, double fallback) {
            return Double.parseDouble(string(name, String.valueOf(fallback)));
        }

        long lng(String name, long fallback) {
            return Long.parseLong(string(name, String.valueOf(fallback)));
        }

        int integer(String name, int fallback) {
            return Integer.parseInt(string(name, String.valueOf(fallback)));
        }

        Duration duration(String name, Duration fallback) {
            String text = string(name, null);
            if (text == null) {
                return fallback;
            }
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default ->
                    throw new IllegalArgumentException(name + ": a duration such as 90s, 30m or 4h, got " + text);
            };
        }
    }
}
