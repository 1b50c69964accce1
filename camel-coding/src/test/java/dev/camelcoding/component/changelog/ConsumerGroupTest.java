package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The name a consumer's offset is kept under, with and without a consumer group. */
class ConsumerGroupTest {

    @Test
    void withoutAGroupTheNameIsTheRouteIdAsBefore() {
        assertThat(ConsumerGroup.consumerName(null, "coding-issues")).isEqualTo("coding-issues");
        assertThat(ConsumerGroup.consumerName(" ", "coding-issues@mobile-app")).isEqualTo("coding-issues@mobile-app");
    }

    @Test
    void aGroupPrefixesTheNameSoATeamRoutesProjectStaysAfterItsAt() {
        assertThat(ConsumerGroup.consumerName("sink-b", "coding-issues@mobile-app"))
                .isEqualTo("sink-b/coding-issues@mobile-app");
        assertThat(ConsumerGroup.consumerName(" warehouse_2.eu ", "coding-issues"))
                .isEqualTo("warehouse_2.eu/coding-issues");
    }

    @Test
    void aGroupWithASeparatorOrTooLongIsRefused() {
        for (String bad : new String[] {"sink/b", "sink@b", "sink b", "x".repeat(ConsumerGroup.MAX_LENGTH + 1)}) {
            assertThatThrownBy(() -> ConsumerGroup.of(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not allowed");
        }
        assertThat(ConsumerGroup.of("x".repeat(ConsumerGroup.MAX_LENGTH))).isPresent();
    }
}
