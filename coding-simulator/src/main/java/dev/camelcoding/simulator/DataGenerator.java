package dev.camelcoding.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fills a {@link SimulatorData} from the seed: members, iterations, then issues in creation order.
 *
 * <p>Issues are created evenly over the year before the data anchor (codes ascend with CreatedAt, as in CODING), about
 * a fifth are never updated (UpdatedAt == CreatedAt), and about 6% share their UpdatedAt with the previous issue to
 * the millisecond (a bulk edit), so that readers paging by UpdatedAt meet ties. Issue times are whole seconds, as
 * CODING's are. Older issues are more likely completed.
 */
final class DataGenerator {

    private static final long DAY = 86_400_000L;
    private static final int EXTRA_TEAM_MEMBERS = 3;

    private DataGenerator() {}

    static void populate(SimulatorData d) {
        SimulatorConfig cfg = d.config;
        SplittableRandom rnd = new SplittableRandom(d.seed);
        long anchor = cfg.dataAnchor();
        Catalog cat = d.catalog;

        // Members: the first is the admin every token authenticates as; then developers, testers, PMs, one guest.
        int memberCount = cfg.members() + EXTRA_TEAM_MEMBERS;
        for (int m = 0; m < memberCount; m++) {
            Catalog.RoleDef role = null;
            if (m < cfg.members()) {
                if (m == 0) {
                    role = cat.projectRoles.get(0);
                } else if (m == cfg.members() - 1 && cfg.members() > 3) {
                    role = cat.projectRoles.get(4);
                } else {
                    role = cat.projectRoles.get(1 + (m - 1) % 3);
                }
            }
            d.users.put(userId(d, m), newUser(d, m, userId(d, m), role, anchor - 390 * DAY + m * DAY));
        }
        d.nextUserId = userId(d, memberCount) + 1;
        List<UserRecord> workers = new ArrayList<>();
        for (UserRecord u : d.users.values()) {
            if (u.projectRole != null && !"ProjectGuest".equals(u.projectRole.roleType())) {
                workers.add(u);
            }
        }

        // Iterations: two-week sprints ending with the one running at the anchor, plus a planned one without dates.
        int n = cfg.iterations();
        LocalDate anchorDay = CodingTime.localDate(anchor);
        for (int k = 1; k <= n; k++) {
            boolean planned = k == n && n > 1;
            long startAt = CodingTime.UNSET_ITERATION_DATE;
            long endAt = CodingTime.UNSET_ITERATION_DATE;
            String status = "WAIT_PROCESS";
            long createdAt;
            if (!planned) {
                int back = (n > 1 ? n - 1 : 1) - k;
                LocalDate start = anchorDay.minusDays(7 + back * 14L);
                startAt = CodingTime.startOfDay(start);
                endAt = CodingTime.endOfDay(start.plusDays(13));
                status = back == 0 ? "PROCESSING" : "COMPLETED";
                createdAt = startAt - 3 * DAY + rnd.nextInt(3_600) * 1000L;
            } else {
                createdAt = Math.floorDiv(anchor - 2 * DAY, 1000L) * 1000L;
            }
            UserRecord owner = workers.get(rnd.nextInt(workers.size()));
            String theme = themeOf(k);
            IterationRecord it = new IterationRecord(
                    k,
                    d.idBase + 600_000L + k * 13L,
                    "Sprint " + k + " · " + theme,
                    "完成" + theme + "的核心功能",
                    status,
                    startAt,
                    endAt,
                    owner.id,
                    userId(d, 0),
                    createdAt);
            if (!"WAIT_PROCESS".equals(status)) {
                it.starterId = owner.id;
                it.updatedAt = startAt;
            }
            if ("COMPLETED".equals(status)) {
                it.completerId = owner.id;
                it.updatedAt = endAt + 1000L;
            }
            d.iterations.put(k, it);
        }
        d.nextIterationId = d.idBase + 600_000L + (n + 1) * 13L;

        // Issues.
        int total = cfg.issues();
        d.issues = new IssueRecord[total + 16];
        long span = 365 * DAY;
        long start = anchor - span;
        double step = total == 0 ? span : (double) span / total;
        String[] firstTypes = {"EPIC", "REQUIREMENT", "MISSION", "DEFECT", "SUB_TASK"};
        int[] epics = new int[Math.max(16, total / 10)];
        int epicCount = 0;
        int[] parents = new int[Math.max(16, total)];
        int parentCount = 0;
        IssueRecord previous = null;
        List<IterationRecord> iterationList = new ArrayList<>(d.iterations.values());
        for (int code = 1; code <= total; code++) {
            long createdAt = start + (long) ((code - 1) * step) + (step >= 2 ? rnd.nextLong((long) step) : 0);
            createdAt = Math.floorDiv(createdAt, 1000L) * 1000L;
            if (previous != null && createdAt < previous.createdAt) {
                createdAt = previous.createdAt;
            }
            String type;
            if (code <= firstTypes.length) {
                type = firstTypes[code - 1];
            } else {
                double r = rnd.nextDouble();
                type = r < 0.04
                        ? "EPIC"
                        : r < 0.36 ? "REQUIREMENT" : r < 0.60 ? "DEFECT" : r < 0.85 ? "MISSION" : "SUB_TASK";
            }
            if ("SUB_TASK".equals(type) && parentCount == 0) {
                type = "MISSION";
            }
            UserRecord creator = workers.get(rnd.nextInt(workers.size()));
            IssueRecord i = new IssueRecord(code, cat.type(type), true, creator.id, createdAt);

            long updatedAt = createdAt;
            if (rnd.nextDouble() >= 0.2) {
                double f = rnd.nextDouble();
                updatedAt = createdAt + (long) ((anchor - createdAt) * f * f);
                updatedAt = Math.floorDiv(updatedAt, 1000L) * 1000L;
            }
            if (previous != null && rnd.nextDouble() < 0.06) {
                long shared = Math.max(Math.max(previous.updatedAt, updatedAt), createdAt);
                previous.updatedAt = shared;
                if (previous.completedAt != 0) {
                    previous.completedAt = Math.min(previous.completedAt, shared);
                }
                updatedAt = shared;
            }
            i.updatedAt = updatedAt;

            double age = (double) (anchor - createdAt) / span;
            double r = rnd.nextDouble();
            List<Catalog.StatusDef> flow = cat.workflow(type);
            String statusType = r < 0.15 + 0.7 * age ? "COMPLETED" : r < 0.35 + 0.7 * age ? "PROCESSING" : "TODO";
            List<Catalog.StatusDef> candidates =
                    flow.stream().filter(s -> s.type().equals(statusType)).toList();
            i.status = candidates.get(rnd.nextInt(candidates.size()));
            if ("COMPLETED".equals(statusType)) {
                i.completedAt = updatedAt;
            }

            double pr = rnd.nextDouble();
            i.priority = (byte) (pr < 0.2 ? 0 : pr < 0.65 ? 1 : pr < 0.9 ? 2 : 3);
            if (rnd.nextDouble() < 0.85) {
                i.assigneeId = workers.get(rnd.nextInt(workers.size())).id;
            }
            long[] watchers = new long[3];
            int wc = 0;
            watchers[wc++] = creator.id;
            if (i.assigneeId != 0 && i.assigneeId != creator.id && rnd.nextDouble() < 0.6) {
                watchers[wc++] = i.assigneeId;
            }
            if (rnd.nextDouble() < 0.25) {
                long w = workers.get(rnd.nextInt(workers.size())).id;
                if (w != watchers[0] && (wc < 2 || w != watchers[1])) {
                    watchers[wc++] = w;
                }
            }
            i.watcherIds = Arrays.copyOf(watchers, wc);
            int labelCount = rnd.nextInt(3);
            for (int l = 0; l < labelCount; l++) {
                i.labelMask |= 1L << rnd.nextInt(cat.labels.size());
            }
            if (!"EPIC".equals(type) && !iterationList.isEmpty() && rnd.nextDouble() < 0.6) {
                List<IterationRecord> open = new ArrayList<>();
                for (IterationRecord it : iterationList) {
                    if (it.endAt == CodingTime.UNSET_ITERATION_DATE || it.endAt >= createdAt) {
                        open.add(it);
                    }
                }
                if (!open.isEmpty()) {
                    i.iterationCode = open.get(rnd.nextInt(open.size())).code;
                }
            }
            if ("SUB_TASK".equals(type)) {
                int window = Math.min(parentCount, 50);
                i.parentCode = parents[parentCount - 1 - rnd.nextInt(window)];
            }
            if ("REQUIREMENT".equals(type) && epicCount > 0 && rnd.nextDouble() < 0.5) {
                i.epicCode = epics[rnd.nextInt(epicCount)];
            }
            if (rnd.nextDouble() < 0.4) {
                LocalDate createdDay = CodingTime.localDate(createdAt);
                i.dueDate = CodingTime.endOfDay(createdDay.plusDays(1 + rnd.nextInt(30)));
                if (rnd.nextDouble() < 0.6) {
                    i.startDate = CodingTime.startOfDay(createdDay);
                }
            }
            if ("REQUIREMENT".equals(type) && rnd.nextDouble() < 0.7) {
                short[] points = {5, 10, 20, 30, 50, 80};
                i.storyPointTenths = points[rnd.nextInt(points.length)];
            }
            if (("MISSION".equals(type) || "SUB_TASK".equals(type)) && rnd.nextDouble() < 0.5) {
                i.workingHours = rnd.nextInt(33) / 2f;
            }
            if ("DEFECT".equals(type)) {
                i.defectType = (byte) rnd.nextInt(cat.defectTypes.size());
            }
            if (rnd.nextDouble() < 0.5) {
                i.module = (byte) rnd.nextInt(cat.modules.size());
            }

            d.putIssue(i);
            if ("EPIC".equals(type)) {
                if (epicCount == epics.length) {
                    epics = Arrays.copyOf(epics, epicCount * 2);
                }
                epics[epicCount++] = code;
            } else if (!"SUB_TASK".equals(type)) {
                parents[parentCount++] = code;
            }
            previous = i;
        }
        d.seededIssues = total;
        d.nextCommentId = d.idBase + 5_000_000L + (total + 1L) * 64L;
    }

    private static String themeOf(int k) {
        String[] themes = {"会员体系", "支付链路", "数据中台", "移动端体验", "国际化", "开放平台", "风控", "搜索推荐"};
        return themes[(k - 1) % themes.length];
    }

    static long userId(SimulatorData d, int m) {
        return 8_613_060L + m * 1_009L + Seeds.pick(d.config.seed(), m, 60, 1_000);
    }

    static UserRecord newUser(SimulatorData d, int m, long id, Catalog.RoleDef role, long joinedAt) {
        String[] person = d.people.person(m);
        long seed = d.config.seed(); // the team's: a user is the same person in every project
        String phone = Seeds.unit(seed, m, 61) < 0.7
                ? "1" + (38 + Seeds.pick(seed, m, 62, 2)) + String.format("%08d", Seeds.pick(seed, m, 63, 100_000_000))
                : "";
        String avatar = "https://" + d.team.domain() + ".coding.net/static/fruit_avatar/Fruit-" + (1 + m % 20) + ".png";
        int status = role == null && Seeds.unit(seed, m, 64) < 0.5 ? -1 : 1;
        return new UserRecord(
                id,
                d.people.globalKey(m),
                person[0],
                person[1],
                person[2],
                person[1] + m + "@" + d.team.domain() + ".example.com",
                phone,
                avatar,
                status,
                Math.floorDiv(joinedAt, 1000L) * 1000L,
                role);
    }
}
