package dev.camelcoding.component.changelog;

import java.util.Optional;
import org.slf4j.event.Level;

/**
 * Which of a member's balance lines ("reads H of S sources") are worth INFO. Only a change in the live members is: a
 * member joined or left, so the split changes. Each lease taken on the way to the share, and each source added, is
 * DEBUG: a process that starts alone takes its sources one by one, and a team of 300 projects and 7 tables would log
 * 2,100 INFO lines on start (a one-project run that CODING refuses logged one per table before its one error line).
 */
final class BalanceLines {

    private String lastBalance = "";
    private int lastMembers = -1;

    /** The level to log this balance at, or empty when it is the one logged last. */
    Optional<Level> levelOf(int held, int share, int sources, int members) {
        String balance = held + "/" + share + "/" + sources + "/" + members;
        if (balance.equals(lastBalance)) {
            return Optional.empty();
        }
        lastBalance = balance;
        boolean membersChanged = members != lastMembers;
        lastMembers = members;
        return Optional.of(membersChanged ? Level.INFO : Level.DEBUG);
    }
}
