package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.event.RowHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Tables CODING cannot filter by update time and that are small enough to list whole on every poll: iterations,
 * project members, projects, issue types, fields and statuses. Each poll lists the table, compares every row's
 * content hash with the hashes persisted by the previous poll, and emits only what differs: {@code c} for a new
 * key, {@code u} for a changed row, {@code d} for a key that is gone. The first poll emits the whole table as
 * {@code op=r} (unless {@code startFrom} is not {@code beginning}, which records it silently).
 *
 * <p>In overwrite mode (iterations, as the seed connector does) every poll instead emits the whole list as one
 * batch of {@code op=r} sharing a pass id, so a sink can replace the project's rows and drop those the pass lacks.
 * Each event carries its place in the pass ({@code source.pass}); a list with no rows is one empty-pass marker
 * ({@code op=d} on the project's key, {@code source.pass.size=0}), so sinks learn the rows are all gone. A pass
 * whose list differs from the last one this poller handed over saves its rows' hashes as a diff poll does.
 */
public final class DiffPoller implements TablePoller {

    private final PollContext ctx;
    private final Supplier<List<KeyedRow>> lister;
    private final boolean overwrite;
    /** The last overwrite pass's rows (keys and content hashes), to tell a repeated pass from a changed list. */
    private String lastPass;

    private volatile boolean lastPollRepeated;

    public DiffPoller(PollContext ctx, Supplier<List<KeyedRow>> lister, boolean overwrite) {
        this.ctx = ctx;
        this.lister = lister;
        this.overwrite = overwrite;
    }

    @Override
    public int poll() throws Exception {
        List<KeyedRow> rows = lister.get();
        // coding-sync resync: this poll is the new full pass (every row emitted, the rows gone deleted)
        boolean resync = ResyncRequests.takeIfPending(ctx.state(), ctx.now()) || ResyncRequests.running(ctx.state());
        if (overwrite) {
            Map<String, String> hashes = hashes(rows);
            String pass = passSignature(hashes);
            int emitted = overwritePass(rows, resync ? "resync" : "polling");
            // after the hand-over: a pass that failed is no proof that the sink has the list
            lastPollRepeated = pass.equals(lastPass);
            if (!lastPollRepeated) {
                // the rows the sink was handed, as a diff poll saves them: status and run's progress count the
                // table's rows from them (without, "iterations: backfill complete" could not wait for the log to
                // deliver the pass), and a switch to iterationStrategy=diff continues from this pass
                ctx.checkpoint(ListedRowHashes.NAME, new ListedRowHashes(hashes));
            }
            lastPass = pass;
            if (resync) {
                ResyncRequests.complete(ctx.state(), ctx.now(), rows.size(), 0);
            }
            return emitted;
        }
        var stored = ctx.state().read(ListedRowHashes.NAME, ListedRowHashes.class);
        boolean first = stored.isEmpty();
        Map<String, String> previous =
                new LinkedHashMap<>(stored.map(ListedRowHashes::rows).orElse(Map.of()));
        if (ctx.crossPath() != null && !first) {
            // rows the webhook path emitted since the last poll count as already seen
            ctx.crossPath().drainRows().forEach((key, hash) -> {
                if (hash == null) {
                    previous.remove(key);
                } else {
                    previous.put(key, hash);
                }
            });
        }
        if (resync) {
            previous.replaceAll((key, hash) -> ""); // every row differs, and the keys gone are still known
        }
        boolean silent = first && !StartPosition.parse(ctx.startFrom()).snapshot();
        Map<String, String> current = new LinkedHashMap<>();
        int emitted = 0;
        int deletes = 0;
        String mode = resync ? "resync" : first ? "snapshot" : "polling";
        for (KeyedRow row : rows) {
            String key = row.key().toString();
            String hash = RowHash.of(row.row());
            current.put(key, hash);
            String before = previous.get(key);
            if (hash.equals(before) || silent) {
                continue;
            }
            Op op = first || resync ? Op.READ : before == null ? Op.CREATE : Op.UPDATE;
            ctx.emitter().emit(ctx.event(op, row.key(), null, row.row(), mode, false));
            emitted++;
        }
        for (String known : previous.keySet()) {
            if (!current.containsKey(known)) {
                ObjectNode key = (ObjectNode) ctx.state().parseKey(known);
                ctx.emitter().emit(ctx.event(Op.DELETE, key, null, null, resync ? "resync" : "polling", false));
                emitted++;
                deletes++;
            }
        }
        // One checkpoint per poll: these tables are listed whole, and the hashes are saved only once every event
        // above is handed over (a failed batch repeats the poll's earlier batches, which the sinks' version guard
        // absorbs, and loses nothing).
        ctx.checkpoint(ListedRowHashes.NAME, new ListedRowHashes(current));
        if (resync) {
            ResyncRequests.complete(ctx.state(), ctx.now(), rows.size(), deletes);
        }
        return emitted;
    }

    @Override
    public boolean lastPollRepeated() {
        return lastPollRepeated;
    }

    /** The rows' keys and content hashes, in the listing's order: equal for two listings of an unchanged table. */
    private static String passSignature(Map<String, String> hashes) {
        StringBuilder all = new StringBuilder();
        hashes.forEach((key, hash) -> all.append(key).append('=').append(hash).append('\n'));
        return all.toString();
    }

    /** Each row's content hash by its key's JSON text, in the listing's order. */
    private static Map<String, String> hashes(List<KeyedRow> rows) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (KeyedRow row : rows) {
            hashes.put(row.key().toString(), RowHash.of(row.row()));
        }
        return hashes;
    }

    private int overwritePass(List<KeyedRow> rows, String mode) throws Exception {
        String passId = UUID.randomUUID().toString();
        List<ChangeEvent> events = new ArrayList<>(Math.max(1, rows.size()));
        for (int i = 0; i < rows.size(); i++) {
            KeyedRow row = rows.get(i);
            events.add(ctx.event(Op.READ, row.key(), null, row.row(), mode, false)
                    .inPass(new ChangeEvent.Pass(passId, i, rows.size())));
        }
        if (rows.isEmpty()) {
            // Nothing to read is news too: every row the sink holds for this project is gone.
            ObjectNode projectKey = JsonNodeFactory.instance.objectNode().put("project", ctx.project());
            events.add(ctx.event(Op.DELETE, projectKey, null, null, mode, false)
                    .inPass(new ChangeEvent.Pass(passId, 0, 0)));
        }
        ctx.emitter().emitBatch(events, passId);
        return events.size();
    }
}
