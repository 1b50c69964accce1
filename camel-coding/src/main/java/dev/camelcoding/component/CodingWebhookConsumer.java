package dev.camelcoding.component;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.changelog.ChangeExchanges;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.event.RowHash;
import dev.camelcoding.component.polling.CrossPathLedger;
import dev.camelcoding.component.webhook.HookDelivery;
import dev.camelcoding.component.webhook.HookEvents;
import dev.camelcoding.component.webhook.HookRows;
import dev.camelcoding.component.webhook.KnownRows;
import dev.camelcoding.component.webhook.WebhookListeners;
import dev.camelcoding.component.webhook.WebhookRequestHandler;
import dev.camelcoding.component.webhook.WebhookTarget;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.DefaultConsumer;

/**
 * The webhook consumer: receives CODING's Service Hook deliveries for its table on a shared listener, turns each
 * into a change event and hands it to the route synchronously, so the HTTP answer says whether the route processed
 * it. In hybrid mode it also runs the table's polling consumer every {@code backstopInterval} (the first run takes
 * the snapshot), skipping what the webhook already delivered.
 */
public class CodingWebhookConsumer extends DefaultConsumer implements WebhookTarget {

    /**
     * CODING waits 5 seconds for an answer: a delivery's refetch gets a client of its own with a budget well inside
     * that (3 s per call, one retry, 1 s of backoff at most), sharing the credential's rate limiter.
     */
    static final java.time.Duration REFETCH_TIMEOUT = java.time.Duration.ofSeconds(3);

    private HookRows rows;
    private dev.camelcoding.client.CodingApiClient refetchClient;
    /** Webhook-only mode's readiness check (null in hybrid mode, whose backstop poll registers one). */
    private CodingReadinessCheck readiness;

    private WebhookListeners.Settings settings;
    private WebhookRequestHandler handler;
    /** Read by delivery threads; replaced by {@link #restartBackstop()} on the reader's transition thread. */
    private volatile CodingPollingConsumer backstop;

    private final KnownRows known = new KnownRows();
    /** Comments table: what was emitted per comment, so a replayed delivery emits (and refetches) nothing. */
    private final dev.camelcoding.component.webhook.CommentVersions commentVersions =
            new dev.camelcoding.component.webhook.CommentVersions();

    /** The comments table's answer to an issue delete, registered on the source's issue feed (see doStart). */
    private final dev.camelcoding.component.polling.CommentTombstones tombstones = this::tombstoneComments;

    /** Whether this consumer attaches to the component's own listener (Jetty or platform-http). */
    private final boolean ownListener;

    public CodingWebhookConsumer(CodingEndpoint endpoint, Processor processor) {
        this(endpoint, processor, true);
    }

    /**
     * A consumer that is only the target of a handler someone else serves ({@code ownListener} false: camel-webhook's
     * {@code webhook:coding:...}, see {@link CodingEndpoint#createWebhookHandler}), with the same behaviour as on the
     * component's own listener: the short refetch budget, the known-row tracking and hybrid mode's ledger.
     */
    CodingWebhookConsumer(CodingEndpoint endpoint, Processor processor, boolean ownListener) {
        super(endpoint, processor);
        this.ownListener = ownListener;
    }

    @Override
    public CodingEndpoint getEndpoint() {
        return (CodingEndpoint) super.getEndpoint();
    }

    @Override
    public CodingTable table() {
        return getEndpoint().getTable();
    }

    /** The project whose deliveries reach this consumer on a path every synced project's hooks share. */
    @Override
    public String project() {
        return getEndpoint().getConfiguration().getProjectName();
    }

    /** The listener's handler (its statistics), once started. */
    /** Hybrid mode's backstop poll while started, else null (tests look at its schedule). */
    CodingPollingConsumer backstop() {
        return backstop;
    }

    /**
     * Starts hybrid mode's backstop poll over, so that its first poll (the snapshot, or the catch-up) runs now, while
     * this consumer stays on the listener; nothing to do in webhook-only mode or before the consumer started. The
     * source's reader calls it when it takes the lead. Restarting the whole consumer instead took its target off the
     * listener for a moment: the listener of a lone target closed and reopened, and with a team on one path the other
     * projects kept it open, so a delivery for this project was answered 202 (a project not synced here) and lost.
     */
    public synchronized void restartBackstop() throws Exception {
        CodingPollingConsumer old = backstop;
        if (old == null || !isStarted()) {
            return;
        }
        old.stop();
        CodingPollingConsumer poll = PollingConsumerFactory.backstop(getEndpoint(), getProcessor());
        poll.start();
        backstop = poll;
    }

    public WebhookRequestHandler handler() {
        return handler;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CodingEndpoint endpoint = getEndpoint();
        CodingConfiguration config = endpoint.getConfiguration();
        // served first by the credential's limiter: CODING waits 5 s for the answer, a comment rescan can wait
        refetchClient = new dev.camelcoding.client.CodingApiClient(
                endpoint.client().options().toBuilder()
                        .requestTimeout(REFETCH_TIMEOUT)
                        .connectTimeout(java.time.Duration.ofSeconds(2))
                        .maxAttempts(2)
                        .maxBackoff(java.time.Duration.ofMillis(500))
                        .maxTotalWait(java.time.Duration.ofSeconds(1))
                        .callPriority(dev.camelcoding.client.CallPriority.WEBHOOK_REFETCH)
                        .build(),
                endpoint.getComponent().objectMapper(),
                endpoint.getComponent().rateLimiters(),
                null,
                // the credential's HTTP client for its shorter connect timeout: one per component, not per consumer
                endpoint.getComponent().httpClients());
        rows = new HookRows(
                refetchClient,
                config.getTeamName(),
                config.getProjectName(),
                config.isRefetch(),
                System::currentTimeMillis);
        if (ownListener) {
            settings = endpoint.webhookSettings();
            handler = endpoint.getComponent()
                    .webhookListeners()
                    .attach(
                            endpoint.getCamelContext(),
                            settings,
                            this,
                            endpoint::deliveryRepository,
                            config.getDeliveryRepository() == null);
        }
        if (config.getMode() == CodingMode.hybrid) {
            backstop = PollingConsumerFactory.backstop(endpoint, getProcessor());
            backstop.start();
        } else {
            registerReadiness(endpoint);
        }
        if (table() == CodingTable.COMMENTS && endpoint.issueFeed() != null) {
            // the issues webhook consumer of this source asks us to delete a deleted issue's comments at once
            endpoint.issueFeed().attachTombstones(tombstones);
        }
    }

    /**
     * Webhook-only mode has no poll to report on: its readiness is the listener's (up once started) and the Open
     * API refetches' (down with the reason while they fail: a refused token, a missing permission, CODING
     * unreachable). In hybrid mode the backstop poll registers the endpoint's readiness, and its polls are what
     * readiness reports.
     */
    private void registerReadiness(CodingEndpoint endpoint) {
        readiness = CodingReadinessCheck.register(endpoint, this);
    }

    @Override
    protected void doStop() throws Exception {
        if (table() == CodingTable.COMMENTS && getEndpoint().issueFeed() != null) {
            getEndpoint().issueFeed().detachTombstones(tombstones);
        }
        if (backstop != null) {
            backstop.stop();
            backstop = null;
        }
        if (settings != null) {
            getEndpoint().getComponent().webhookListeners().detach(settings, this);
        }
        if (refetchClient != null) {
            refetchClient.close();
            refetchClient = null;
        }
        CodingReadinessCheck.unregister(getEndpoint(), readiness);
        readiness = null;
        super.doStop();
    }

    /**
     * Emits the delivered change. When CODING's Open API no longer has the row, what it says wins over the payload:
     * the row's delete if this consumer emitted the row before (the sink has it from us), otherwise nothing.
     */
    @Override
    public Outcome deliver(HookDelivery delivery, HookEvents.Mapping mapping) throws Exception {
        ObjectNode payloadComment = table() == CodingTable.COMMENTS ? payloadComment(delivery, mapping) : null;
        String commentKey = null;
        String stamp = null;
        if (payloadComment != null) {
            commentKey = dev.camelcoding.component.schema.CommentSchema.key(
                            getEndpoint().getConfiguration().getProjectName(),
                            payloadComment.path("issue_code").asLong(),
                            payloadComment.path("comment_id").asLong())
                    .toString();
            stamp = payloadComment.path("comment_id").asLong() + ":"
                    + payloadComment.path("updated_at").asLong();
            if (commentVersions.deliveredBefore(commentKey, stamp)) {
                return Outcome.UNCHANGED; // a replay of a delivery already emitted: no refetch, no event
            }
        }
        HookRows.Result result;
        try {
            result = rows.toEvent(delivery, mapping);
            if (readiness != null) {
                getEndpoint().health().success(System.currentTimeMillis());
            }
        } catch (dev.camelcoding.client.CodingApiException refetchFailed) {
            if (readiness != null) {
                getEndpoint().health().failure(refetchFailed, System.currentTimeMillis());
            }
            throw refetchFailed;
        }
        ChangeEvent event = result.event();
        if (result.gone() && !known.knows(event.key())) {
            return Outcome.GONE;
        }
        String version = event.after() == null ? null : RowHash.versionOf(event.after());
        if (commentKey != null && version != null && commentVersions.isLastEmitted(commentKey, version)) {
            commentVersions.remember(commentKey, stamp);
            return Outcome.UNCHANGED; // the comment is as we emitted it
        }
        emitTracked(event);
        if (event.op() == Op.DELETE) {
            known.deleted(event.key());
        } else {
            known.emitted(event.key());
        }
        if (commentKey != null) {
            if (version == null) {
                commentVersions.deleted(commentKey);
            } else {
                commentVersions.emitted(
                        commentKey,
                        payloadComment.path("issue_code").asLong(),
                        payloadComment.path("comment_id").asLong(),
                        stamp,
                        version);
            }
        }
        publishToComments(event);
        CodingPollingConsumer poll = backstop;
        if (poll != null) {
            poll.changeSeen(); // the project is active: its backstop polls at its base interval again
        }
        if (table() == CodingTable.ISSUES && event.op() == Op.DELETE) {
            deleteComments(event, delivery);
        }
        return Outcome.EMITTED;
    }

    /**
     * An issue was deleted: its comments are deleted now, before the delivery is answered, by the comments webhook
     * consumer of this source (see {@link #tombstoneComments}). Its failure fails the delivery, so CODING delivers
     * it again; the comments poller's delete (the touch published above) stays as the backstop.
     */
    private void deleteComments(ChangeEvent issueDelete, HookDelivery delivery) throws Exception {
        var feed = getEndpoint().issueFeed();
        if (feed != null) {
            feed.deleteComments(issueDelete.key().path("code").asLong(), delivery.event(), delivery.deliveryId());
        }
    }

    /**
     * The comments table's part of an issue delete: one tombstone per comment of the issue the sink may hold from us,
     * those this consumer delivered and those its backstop poll read (hybrid mode), each through the route before
     * this returns. Per key rather than one delete-by-issue event, so every sink (a database, a compacted Kafka
     * topic, a JSON lines file) removes the comments as it removes any row.
     */
    private int tombstoneComments(long issueCode, String event, String deliveryId) throws Exception {
        java.util.Set<Long> ids = new java.util.TreeSet<>(commentVersions.commentIdsOf(issueCode));
        CodingPollingConsumer poll = backstop;
        if (poll != null && poll.tablePoller() instanceof dev.camelcoding.component.polling.CommentsPoller comments) {
            ids.addAll(comments.knownComments(issueCode));
        }
        CodingConfiguration config = getEndpoint().getConfiguration();
        for (long commentId : ids) {
            ObjectNode key =
                    dev.camelcoding.component.schema.CommentSchema.key(config.getProjectName(), issueCode, commentId);
            emit(new ChangeEvent(
                    Op.DELETE,
                    CodingTable.COMMENTS.uriName(),
                    key,
                    null,
                    null,
                    new ChangeEvent.Source(
                            config.getTeamName(), config.getProjectName(), "webhook", event, deliveryId, false),
                    System.currentTimeMillis()));
            commentVersions.deleted(key.toString());
            known.deleted(key);
        }
        CrossPathLedger ledger = getEndpoint().crossPathLedger();
        if (ledger != null) {
            ledger.issueCommentsDeleted(issueCode);
        }
        return ids.size();
    }

    /** The comment of a comment delivery as its payload has it (null when malformed: toEvent says why). */
    private ObjectNode payloadComment(HookDelivery delivery, HookEvents.Mapping mapping) {
        if (mapping.op() == Op.DELETE) {
            return null;
        }
        var resource = delivery.body().get(mapping.payloadKey());
        if (resource == null || !resource.isObject()) {
            return null;
        }
        try {
            ObjectNode comment = dev.camelcoding.component.schema.CommentSchema.fromHook(
                    resource, getEndpoint().getConfiguration().getProjectName());
            return comment.path("comment_id").asLong() > 0
                            && comment.path("issue_code").asLong() > 0
                    ? comment
                    : null;
        } catch (RuntimeException wrongShape) {
            return null;
        }
    }

    /**
     * Tells the comments poller of this source (hybrid mode's backstop) what the delivery showed: an issue changed
     * or deleted (its comments are read or deleted), or commented (its rescan interval starts again).
     */
    private void publishToComments(ChangeEvent event) {
        var feed = getEndpoint().issueFeed();
        if (feed == null) {
            return;
        }
        if (table() == CodingTable.ISSUES) {
            long code = event.key().path("code").asLong();
            feed.publish(
                    event.op() == Op.DELETE
                            ? dev.camelcoding.component.polling.IssueTouch.deleted(code)
                            : dev.camelcoding.component.polling.IssueTouch.changed(
                                    code,
                                    event.after().path("created_at").asLong(),
                                    event.after().path("updated_at").asLong()));
        } else if (table() == CodingTable.COMMENTS && event.after() != null) {
            long at = Math.max(
                    event.after().path("created_at").asLong(),
                    event.after().path("updated_at").asLong());
            feed.publish(dev.camelcoding.component.polling.IssueTouch.commented(
                    event.after().path("issue_code").asLong(), at > 0 ? at : System.currentTimeMillis()));
        }
    }

    private void emitTracked(ChangeEvent event) throws Exception {
        CrossPathLedger ledger = getEndpoint().crossPathLedger();
        if (ledger != null && table() == CodingTable.ISSUES && event.op() == Op.DELETE) {
            emit(event);
            ledger.issueDeleted(event.key().path("code").asLong());
            return;
        }
        if (ledger != null && table() == CodingTable.ISSUES && event.after() != null) {
            long code = event.after().path("code").asLong();
            long updatedAt = event.after().path("updated_at").asLong();
            long previous = ledger.claimIssue(code, updatedAt);
            if (previous < 0) {
                return; // the backstop poll has just emitted this version
            }
            try {
                emit(event);
            } catch (Exception failed) {
                ledger.releaseIssue(code, updatedAt, previous);
                throw failed;
            }
            return;
        }
        emit(event);
        recordForBackstop(event);
    }

    private void emit(ChangeEvent event) throws Exception {
        if (getEndpoint().customFieldDefinitions() != null) {
            event = getEndpoint().customFieldDefinitions().apply(event);
        }
        CodingChange change = CodingChange.of(event);
        var readerLog = getEndpoint().readerLog();
        if (readerLog != null) {
            readerLog.appendNow(change); // a source's reader: durable in the log before the delivery is answered
            return;
        }
        Exchange exchange = createExchange(false);
        try {
            ChangeExchanges.fill(exchange, change);
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                throw new RuntimeCamelException(
                        "the route failed on " + event.table() + " " + event.key(), exchange.getException());
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** Tells the backstop poll (hybrid mode) what was delivered, so it does not emit it again. */
    private void recordForBackstop(ChangeEvent event) {
        CrossPathLedger ledger = getEndpoint().crossPathLedger();
        if (ledger == null) {
            return;
        }
        ObjectNode row = event.after();
        switch (table()) {
            case ISSUES -> {
                // issues claim their version before emitting (see deliver)
            }
            case COMMENTS -> {
                if (row != null) {
                    ledger.commentDelivered(
                            row.path("issue_code").asLong(),
                            row.path("comment_id").asLong(),
                            RowHash.versionOf(row));
                }
            }
            default -> ledger.rowDelivered(event.key().toString(), event.op() == Op.DELETE ? null : RowHash.of(row));
        }
    }
}
