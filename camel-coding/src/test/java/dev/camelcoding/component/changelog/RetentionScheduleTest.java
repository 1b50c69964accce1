package dev.camelcoding.component.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The change log's retention schedule never fires before its trigger's start. camel-quartz's job skips such a firing
 * with a WARN ("Trigger exists outside StartTime=... Skipping CamelJob"), and Quartz fires a trigger up to 2 ms before
 * its time; with camel-quartz's default start (half a second ahead of a started scheduler's now), a stop test of the
 * application now and then found that WARN in the log of a clean run.
 */
class RetentionScheduleTest {

    @TempDir
    Path data;

    @Test
    void theRetentionTriggerStartsBeforeTheStorageStarted() throws Exception {
        JdbcConnectionPool db = JdbcConnectionPool.create(
                "jdbc:h2:mem:retention-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("logDb", db);
        camel.start(); // a started context: its Quartz scheduler runs, as in an application whose routes start
        try {
            LogStorage storage = LogStorage.resolve(camel, "#logDb", data.toString(), Duration.ofHours(72));
            Date before = new Date();
            ServiceHelper.startService(storage);
            try {
                Scheduler scheduler =
                        camel.getComponent("quartz", QuartzComponent.class).getScheduler();
                assertThat(scheduler.isStarted()).isTrue();
                var keys = scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals("coding-changelog"));
                assertThat(keys).hasSize(1);
                Trigger trigger = scheduler.getTrigger(keys.iterator().next());
                assertThat(trigger.getStartTime())
                        .as("the retention trigger's start: no firing of it can come before it")
                        .isBeforeOrEqualTo(before);
            } finally {
                ServiceHelper.stopService(storage);
            }
        } finally {
            camel.stop();
            db.dispose();
        }
    }
}
