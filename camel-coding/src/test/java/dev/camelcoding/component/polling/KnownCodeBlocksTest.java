package dev.camelcoding.component.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.store.CodingStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The known codes are kept in the store as bits, a row per block of codes: a page of 500 consecutive codes is one row
 * written (two at a block's edge), not 500 rows each with its own index entry, undo entry and commit work, which was
 * a tenth of everything the backfill allocated (issue 18: GC under 20 µs per issue).
 */
class KnownCodeBlocksTest {

    private static final String SOURCE = "acme/web/issues:issues";

    private JdbcConnectionPool pool;
    private CodingStore store;

    @BeforeEach
    void openStore() {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:blocks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        store = CodingStore.open("test", pool);
        store.define(StoredKnownCodes.PART);
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    private long rowsInStore() throws Exception {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + StoredKnownCodes.TABLE)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void aPageOfConsecutiveCodesIsOneRowOfTheStore() throws Exception {
        StoredKnownCodes known = new StoredKnownCodes(store, SOURCE);
        for (long code = 1; code <= 500; code++) {
            known.add(code);
        }
        known.checkpoint();

        assertThat(known.count()).isEqualTo(500);
        assertThat(rowsInStore()).isEqualTo(1);

        // a million codes (2,000 pages) stay a few hundred rows
        for (long code = 501; code <= 1_000_000; code++) {
            known.add(code);
            if (code % 500 == 0) {
                known.checkpoint();
            }
        }
        assertThat(known.count()).isEqualTo(1_000_000);
        assertThat(rowsInStore()).isLessThanOrEqualTo(1_000_000 / 4096 + 1);
    }

    @Test
    void rangesReadOverBlocksMatchTheCodesAddedAndRemoved() {
        StoredKnownCodes known = new StoredKnownCodes(store, SOURCE);
        TreeSet<Long> expected = new TreeSet<>();
        Random random = new Random(18);
        // codes around block edges, far apart and CODING's largest, some written, some still pending
        long[] fixed = {1, 4095, 4096, 4097, 8191, 8192, 100_000, 2_147_483_647L};
        for (long code : fixed) {
            known.add(code);
            expected.add(code);
        }
        for (int i = 0; i < 3_000; i++) {
            long code = 1 + random.nextInt(20_000);
            if (random.nextInt(4) == 0) {
                known.remove(code);
                expected.remove(code);
            } else {
                known.add(code);
                expected.add(code);
            }
            if (i % 700 == 0) {
                known.save();
            }
        }
        known.remove(4096);
        expected.remove(4096L);

        for (long after : new long[] {0, 1, 4094, 4095, 4096, 8000, 19_999, 100_000}) {
            for (int limit : new int[] {1, 7, 500, 10_000}) {
                long[] want = expected.tailSet(after, false).stream()
                        .mapToLong(Long::longValue)
                        .filter(c -> c <= 2_147_483_647L)
                        .limit(limit)
                        .toArray();
                assertThat(known.between(after, 2_147_483_647L, limit))
                        .as("after %d, limit %d", after, limit)
                        .containsExactly(want);
            }
        }
        assertThat(known.between(4095, 8192, 10_000))
                .containsExactly(expected.subSet(4095L, false, 8192L, true).stream()
                        .mapToLong(Long::longValue)
                        .toArray());

        known.save();
        StoredKnownCodes reopened = new StoredKnownCodes(store, SOURCE);
        assertThat(reopened.count()).isEqualTo(expected.size());
        assertThat(reopened.between(0, Long.MAX_VALUE, 100_000))
                .containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
        assertThat(Arrays.stream(reopened.between(0, 4096, 100_000)).max().orElse(0))
                .isLessThanOrEqualTo(4096);
    }
}
