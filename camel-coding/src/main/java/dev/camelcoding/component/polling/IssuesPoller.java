package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.schema.IssueSchema;

/**
 * The issues table: a snapshot, then changes, then deletes found by the census. Each changed issue is emitted from
 * its list row, with no extra call, unless {@code fetchIssueDetail} asks for DescribeIssue.
 *
 * <p>Every issue it lists (snapshot rows, changes, census deletes) is also handed to the comments poller of the same
 * source through the {@link IssueFeed}, so the comments table pages through nothing itself.
 *
 * <p>Polling cannot tell an insert from an update for sure: an issue whose CreatedAt equals its UpdatedAt is
 * reported as {@code c}, any other as {@code u}, both flagged {@code source.inferred=true}.
 */
public final class IssuesPoller implements TablePoller {

    private final PollContext ctx;
    private final IssueChangeReader reader;
    /** Where the comments poller of this source learns the issues we list (null: nobody listens). */
    private final IssueFeed feed;

    public IssuesPoller(PollContext ctx) {
        this(ctx, null);
    }

    public IssuesPoller(PollContext ctx, IssueFeed feed) {
        this.ctx = ctx;
        this.reader = new IssueChangeReader(ctx, IssueReaderState.ISSUES, true);
        this.feed = feed;
        if (feed != null) {
            feed.attachPublisher(ctx.state());
        }
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.detachPublisher();
        }
    }

    /** The reader's cursor: the newest UpdatedAt a pass or a poll saw (the pass asks CODING for it first). */
    @Override
    public java.util.OptionalLong newestChange() {
        long cursor = reader.cursorOrNone();
        return cursor == IssueReaderState.NO_CURSOR
                ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(cursor);
    }

    @Override
    public int poll() throws Exception {
        try {
            return readIssues();
        } finally {
            if (feed != null) {
                feed.issuesPolled(reader.isIncremental());
            }
        }
    }

    private int readIssues() throws Exception {
        return reader.read(new IssueChangeReader.Visitor() {
            @Override
            public void changed(ObjectNode apiRow, ObjectNode canonical, String mode) throws Exception {
                long code = IssueSchema.code(apiRow);
                ObjectNode after = canonical;
                if (ctx.fetchIssueDetail()) {
                    try {
                        after = IssueSchema.fromApi(ctx.client().issue(ctx.project(), code), ctx.project());
                    } catch (CodingNotFoundException deletedMeanwhile) {
                        return; // the census reports the delete
                    }
                }
                Op op;
                boolean inferred;
                if (!"polling".equals(mode)) {
                    op = Op.READ;
                    inferred = false;
                } else {
                    op = IssueSchema.createdAt(apiRow) == IssueSchema.updatedAt(apiRow) ? Op.CREATE : Op.UPDATE;
                    inferred = true;
                }
                ctx.emitter().emit(ctx.event(op, IssueSchema.key(ctx.project(), code), null, after, mode, inferred));
                if (feed != null) {
                    feed.publish(IssueTouch.ofRow(apiRow, mode));
                }
            }

            @Override
            public void deleted(long code) throws Exception {
                deleted(code, "reconcile");
            }

            @Override
            public void deleted(long code, String mode) throws Exception {
                ctx.emitter().emit(ctx.event(Op.DELETE, IssueSchema.key(ctx.project(), code), null, null, mode, false));
                if (feed != null) {
                    feed.publish(IssueTouch.deleted(code));
                }
            }
        });
    }
}
