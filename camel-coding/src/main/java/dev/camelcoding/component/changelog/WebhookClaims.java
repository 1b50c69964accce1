package dev.camelcoding.component.changelog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.polling.CrossPathLedger;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Hybrid mode with a change log: the issue versions the webhook path logged recently, claimed again in the reader's
 * {@link CrossPathLedger} when this process becomes the source's reader. The ledger lives in memory, so a reader
 * started after a kill, or taking over from another process, would otherwise let its first backstop poll log a
 * version a delivery had already logged: the same (table, key, version) twice. Only the reader appends, so what the
 * log holds is every claim the webhook path made.
 */
final class WebhookClaims {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1_000;

    private WebhookClaims() {}

    /**
     * Claims, for the webhook path, each issue version that a delivery logged at or after {@code since}; answers how
     * many issues it claimed.
     */
    static int restore(ChangeLog log, SourceId source, Instant since, CrossPathLedger ledger) {
        long after = log.lastSequenceBefore(source, since);
        int claimed = 0;
        for (List<LoggedEntry> page = log.read(source, after, PAGE);
                !page.isEmpty();
                page = log.read(source, after, PAGE)) {
            for (LoggedEntry entry : page) {
                CodingChange change = entry.change();
                if ("webhook".equals(change.mode()) && change.version() > 0 && "issues".equals(change.table())) {
                    if (ledger.claimIssue(code(change), change.version()) >= 0) {
                        claimed++;
                    }
                }
                after = entry.sequence();
            }
        }
        return claimed;
    }

    private static long code(CodingChange change) {
        try {
            return JSON.readTree(change.keyJson()).path("code").asLong();
        } catch (IOException e) {
            throw new ChangeLogException("an issue key in the change log is not JSON: " + change.keyJson(), e);
        }
    }
}
