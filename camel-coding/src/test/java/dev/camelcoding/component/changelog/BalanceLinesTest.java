package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class BalanceLinesTest {

    @Test
    void aMemberAloneTakingItsSourcesOneByOneSaysSoOnceAtInfo() {
        BalanceLines lines = new BalanceLines();
        List<Level> levels = new ArrayList<>();
        for (int n = 1; n <= 7; n++) {
            lines.levelOf(n, n, n, 1).ifPresent(levels::add);
        }

        assertThat(levels).hasSize(7);
        assertThat(levels.stream().filter(Level.INFO::equals)).hasSize(1);
    }

    @Test
    void aMemberJoiningOrLeavingIsInfoAndTheSameBalanceTwiceIsNotLogged() {
        BalanceLines lines = new BalanceLines();
        assertThat(lines.levelOf(20, 20, 20, 1)).contains(Level.INFO);
        assertThat(lines.levelOf(20, 20, 20, 1)).isEqualTo(Optional.empty());
        assertThat(lines.levelOf(20, 10, 20, 2)).as("a member joined").contains(Level.INFO);
        assertThat(lines.levelOf(10, 10, 20, 2)).as("handed over on the way").contains(Level.DEBUG);
        assertThat(lines.levelOf(20, 20, 20, 1)).as("it left").contains(Level.INFO);
    }
}
