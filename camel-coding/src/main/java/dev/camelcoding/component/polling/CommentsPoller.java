package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.client.Page;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.event.RowHash;
import dev.camelcoding.component.schema.CommentSchema;
import dev.camelcoding.component.schema.IssueSchema;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comments table. CODING has no listing of comments across issues, only DescribeIssueCommentList per issue, and
 * adding a comment does not move its issue's UpdatedAt (in a real ISSUE_COMMENT_CREATED delivery the embedded issue
 * was last updated weeks before the comment). So comments are read:
 * <ul>
 * <li>for every issue once, in the snapshot ({@code op=r}, one call per issue);</li>
 * <li>for the issues whose UpdatedAt moved since the last poll (an edit often comes with a comment);</li>
 * <li>for a rolling window of {@code commentRescanBatch} issues per poll, in Code order, so a comment on an issue
 * nobody touched is found within one rotation ({@code issues / commentRescanBatch} polls).</li>
 * </ul>
 * Each issue's comments are compared with the versions stored for that issue (one state entry per issue that has
 * comments): a new id is {@code c}, a changed one {@code u}, a vanished one {@code d}. For new comments within
 * seconds, use webhook or hybrid mode: CODING pushes ISSUE_COMMENT_CREATED.
 */
public final class CommentsPoller implements TablePoller {

    private final PollContext ctx;
    private final IssueChangeReader reader;
    private final int rescanBatch;

    public CommentsPoller(PollContext ctx, int rescanBatch) {
        this.ctx = ctx;
        this.reader = new IssueChangeReader(ctx, "comments.issues", false);
        this.rescanBatch = rescanBatch;
    }

    @Override
    public int poll() throws Exception {
        int[] emitted = {0};
        Set<Long> visited = new HashSet<>();
        reader.read(new IssueChangeReader.Visitor() {
            @Override
            public void changed(ObjectNode apiRow, ObjectNode canonical, String mode) throws Exception {
                long code = IssueSchema.code(apiRow);
                visited.add(code);
                emitted[0] += readComments(code, "snapshot".equals(mode) ? "snapshot" : "polling");
            }

            @Override
            public void deleted(long code) {
                // not reachable: the comments reader runs no census
            }
        });
        if (rescanBatch > 0 && ctx.emitter().isRunAllowed() && reader.isIncremental()) {
            emitted[0] += rescan(visited);
        }
        return emitted[0];
    }

    /** Reads the comments of the next {@code rescanBatch} issues of the rotation. */
    private int rescan(Set<Long> alreadyRead) throws Exception {
        ObjectNode rotation = ctx.state().load("comments.rescan");
        int pageNumber = Math.max(1, rotation.path("nextPage").asInt(1));
        IssueQuery query = ctx.issueQuery("CODE", true).withPageSize(rescanBatch);
        Page page = ctx.client().issuePage(query, pageNumber);
        int emitted = 0;
        for (ObjectNode row : page.rows()) {
            long code = IssueSchema.code(row);
            if (alreadyRead.add(code)) {
                emitted += readComments(code, "polling");
            }
        }
        rotation.put("nextPage", page.last() || page.rows().isEmpty() ? 1 : pageNumber + 1);
        ctx.checkpoint("comments.rescan", rotation);
        return emitted;
    }

    private int readComments(long issueCode, String mode) throws Exception {
        List<ObjectNode> comments;
        try {
            comments = ctx.client().issueComments(ctx.project(), issueCode);
        } catch (CodingNotFoundException deletedMeanwhile) {
            comments = List.of();
        }
        String stateName = "comments/" + issueCode;
        ObjectNode known = ctx.state().load(stateName);
        if (ctx.crossPath() != null) {
            ctx.crossPath().drainComments(issueCode).forEach(known::put);
        }
        boolean snapshot = "snapshot".equals(mode);
        ObjectNode current = JsonNodeFactory.instance.objectNode();
        int emitted = 0;
        for (ObjectNode comment : comments) {
            ObjectNode row = CommentSchema.fromApi(comment, ctx.project(), issueCode);
            String id = Long.toString(row.path("comment_id").asLong());
            String version = RowHash.versionOf(row);
            current.put(id, version);
            String before = known.path(id).asText(null);
            if (version.equals(before)) {
                continue;
            }
            Op op = snapshot ? Op.READ : before == null ? Op.CREATE : Op.UPDATE;
            ObjectNode key = CommentSchema.key(ctx.project(), issueCode, row.path("comment_id").asLong());
            ctx.emitter().emit(ctx.event(op, key, null, row, mode, false));
            emitted++;
        }
        Iterator<Map.Entry<String, JsonNode>> previous = known.fields();
        while (previous.hasNext()) {
            String id = previous.next().getKey();
            if (!current.has(id)) {
                ObjectNode key = CommentSchema.key(ctx.project(), issueCode, Long.parseLong(id));
                ctx.emitter().emit(ctx.event(Op.DELETE, key, null, null, mode, false));
                emitted++;
            }
        }
        if (!current.equals(known)) {
            // one checkpoint per issue: its comments are handed over before their versions are saved
            ctx.checkpoint(stateName, current);
        }
        return emitted;
    }
}
