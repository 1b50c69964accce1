package dev.camelcoding.component.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.StateKeyPrefix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A state key names its source: every key an endpoint writes ({@link StateKeyPrefix#of} and a state's name) reads back
 * as the team, project and table it was written for, whatever the filters in it; other keys name none.
 */
class StoredSourceTest {

    @Test
    void everyTableOfEveryTeamFormReadsBackAsItsSource() {
        for (CodingTable table : CodingTable.values()) {
            for (String team : Arrays.asList("acme", "", null)) {
                String prefix = StateKeyPrefix.of(table, team, "alpha-2", "DEFECT", "12, 13");
                String project = table.isProjectScoped() ? "alpha-2" : null;
                assertThat(StoredSource.of(prefix + ":status"))
                        .as(prefix)
                        .contains(new StoredSource(team, project, table));
                assertThat(StoredSource.of(prefix + ":comments.freshness"))
                        .contains(new StoredSource(team, project, table));
            }
        }
    }

    @Test
    void keysOfAnythingElseNameNoSource() {
        assertThat(StoredSource.of("something-else")).isEmpty();
        assertThat(StoredSource.of("coding:acme")).isEmpty();
        assertThat(StoredSource.of("coding:acme/alpha/no-such-table[ALL]:status"))
                .isEmpty();
        // a team-wide table under a project, or a project table without one, is no key an endpoint writes
        assertThat(StoredSource.of("coding:acme/alpha/projects:status")).isEmpty();
        assertThat(StoredSource.of("coding:acme/issues[ALL]:status")).isEmpty();
    }
}
