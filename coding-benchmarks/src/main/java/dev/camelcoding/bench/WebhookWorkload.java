package dev.camelcoding.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.protocol.HookSignature;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The deliveries every target receives: ISSUE_UPDATED Service Hook bodies in CODING's delivery shape (the envelope
 * {@code action, event, eventName, sender, issue, project, team, hook, hook_id}, snake_case keys, users as
 * {@code {id, login, avatar_url, url, html_url, name, name_pinyin}}, times as epoch ms, as the simulator's
 * {@code HookPayloads} and the recorded deliveries have them), built and signed once, before anything is timed.
 *
 * <p>Delivery {@code i} updates issue {@code 1 + i % codes} with {@code updated_at = BASE + i * 1000}, so the code
 * cycles through a few thousand issues and no two deliveries carry the same bytes. With fewer in flight than
 * {@code codes}, the last delivery of each code is also the last one written, which the H2 check relies on.
 */
final class WebhookWorkload {

    static final String PROJECT = "demo-project";
    static final String TEAM = "acme";
    static final String EVENT = "ISSUE_UPDATED";
    static final long BASE_UPDATED_AT = 1_760_000_000_000L;
    private static final long PROJECT_ID = 10_021_181L;
    private static final String TEAM_URL = "https://acme.coding.net";
    private static final String PROJECT_URL = TEAM_URL + "/p/" + PROJECT;
    private static final String[] TYPES = {"REQUIREMENT", "DEFECT", "MISSION", "SUB_TASK"};
    private static final String[][] STATUSES = {
        {"1", "未开始", "TODO"},
        {"2", "处理中", "PROCESSING"},
        {"3", "已完成", "COMPLETED"},
        {"4", "待验收", "PROCESSING"},
        {"5", "已关闭", "COMPLETED"}
    };
    private static final String[] LABELS = {"backend", "frontend", "urgent", "tech-debt", "customer"};
    private static final String[] WORDS = {
        "同步", "事项", "迭代", "webhook", "接口", "性能", "导出", "权限", "缺陷", "修复", "登录", "页面", "报表", "timeout", "retry", "支付",
        "订单", "cache", "部署", "测试"
    };

    private final int codes;
    private final String secret;
    private final String hookId;
    private final byte[][] bodies;
    private final String[] signatures;
    private final long bodyBytes;

    /**
     * @param deliveries how many distinct bodies to build (a run uses a prefix)
     * @param codes      how many issues the deliveries cycle through
     */
    WebhookWorkload(int deliveries, int codes, String secret, long seed) throws JsonProcessingException {
        this.codes = codes;
        this.secret = secret;
        SplittableRandom random = new SplittableRandom(seed);
        this.hookId = new UUID(random.nextLong(), random.nextLong()).toString();
        ObjectMapper mapper = new ObjectMapper();
        List<ObjectNode> users = new ArrayList<>();
        for (int u = 0; u < 24; u++) {
            users.add(user(mapper, random, 8_600_000 + u * 37, true));
        }
        ObjectNode project = project(mapper);
        ObjectNode team = team(mapper);
        ObjectNode hook = hook(mapper, hookId);
        ObjectNode[] issues = new ObjectNode[codes];
        for (int c = 0; c < codes; c++) {
            issues[c] = issue(mapper, random, c + 1, users);
        }
        bodies = new byte[deliveries][];
        signatures = new String[deliveries];
        long total = 0;
        for (int i = 0; i < deliveries; i++) {
            ObjectNode issue = issues[i % codes];
            issue.put("updated_at", updatedAt(i));
            ObjectNode envelope = mapper.createObjectNode();
            envelope.put("action", "update");
            envelope.put("event", EVENT);
            envelope.put("eventName", "更新事项信息");
            envelope.set("sender", users.get(i % users.size()));
            envelope.set("issue", issue);
            envelope.set("project", project);
            envelope.set("team", team);
            envelope.set("hook", hook);
            envelope.put("hook_id", hookId);
            bodies[i] = mapper.writeValueAsBytes(envelope);
            signatures[i] = HookSignature.sign(secret, bodies[i]);
            total += bodies[i].length;
        }
        bodyBytes = total;
    }

    int size() {
        return bodies.length;
    }

    int codes() {
        return codes;
    }

    String secret() {
        return secret;
    }

    /** The issue code delivery {@code i} updates. */
    long code(int i) {
        return 1 + (i % codes);
    }

    static long updatedAt(int i) {
        return BASE_UPDATED_AT + i * 1_000L;
    }

    double averageBodyBytes() {
        return (double) bodyBytes / bodies.length;
    }

    byte[] body(int i) {
        return bodies[i];
    }

    /**
     * The first {@code n} deliveries to {@code uri}, each with a fresh {@code X-Coding-Delivery} UUID (the coding
     * targets deduplicate by it). Bodies, signatures and ids are all computed here, before a run is timed; only the
     * small {@link HttpRequest} wrapper is made at send time, so a run does not keep thousands of request objects
     * alive through every young collection.
     */
    Deliveries deliveries(URI uri, int n) {
        if (n > bodies.length) {
            throw new IllegalArgumentException(n + " deliveries asked, " + bodies.length + " built");
        }
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = UUID.randomUUID().toString();
        }
        return new Deliveries(uri, ids);
    }

    /** The deliveries of one run. */
    final class Deliveries {

        private final URI uri;
        private final String[] ids;

        private Deliveries(URI uri, String[] ids) {
            this.uri = uri;
            this.ids = ids;
        }

        int size() {
            return ids.length;
        }

        /** Delivery {@code i} as CODING sends it: its headers, its signature, its body. */
        HttpRequest request(int i) {
            return HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .header("User-Agent", "Coding.net Hook")
                    .header("X-Coding-Service-Hook-Event", EVENT)
                    .header("X-Coding-Service-Hook-Id", hookId)
                    .header("X-Coding-Service-Hook-Action", "webhook_http_post")
                    .header("X-Coding-Delivery", ids[i])
                    .header("X-Coding-Signature", signatures[i])
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[i]))
                    .build();
        }
    }

    // ------------------------------------------------------------------------------------------ payload shapes

    private static ObjectNode user(ObjectMapper mapper, SplittableRandom random, long id, boolean withUrls) {
        String login = letters(random, 10);
        ObjectNode n = mapper.createObjectNode();
        n.put("id", id);
        n.put("login", login);
        n.put(
                "avatar_url",
                "https://coding-net-production-static-ci.codehub.cn/" + new UUID(random.nextLong(), random.nextLong())
                        + ".jpg?imageView2/1/w/0/h/0");
        n.put("url", withUrls ? TEAM_URL + "/api/user/key/" + login : "");
        n.put("html_url", withUrls ? TEAM_URL + "/u/" + login : "");
        String name = WORDS[random.nextInt(WORDS.length)] + WORDS[random.nextInt(WORDS.length)];
        n.put("name", name);
        n.put("name_pinyin", login.substring(0, 3) + "|" + login);
        return n;
    }

    private static ObjectNode watcher(ObjectMapper mapper, ObjectNode user) {
        ObjectNode n = user.deepCopy();
        n.put("url", "");
        n.put("html_url", "");
        return n;
    }

    private static ObjectNode project(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", PROJECT_ID);
        n.put("icon", "/static/project_icon/scenery-version-2-12.svg");
        n.put("url", PROJECT_URL);
        n.put("description", "演示项目: camel-coding webhook benchmark");
        n.put("name", PROJECT);
        n.put("display_name", "Demo Project");
        return n;
    }

    private static ObjectNode team(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", 3_862_723L);
        n.put("domain", TEAM);
        n.put("url", TEAM_URL);
        n.put("introduction", "");
        n.put("name", "Acme");
        n.put("name_pinyin", "Acme");
        n.put("avatar", "https://coding-net-production-pp-ci.codehub.cn/9837b4a6-442b-4513-b51d-a2030c4a6ede.png");
        return n;
    }

    private static ObjectNode hook(ObjectMapper mapper, String hookId) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", hookId);
        n.put("name", "web");
        n.put("type", "Repository");
        n.put("active", true);
        ArrayNode events = n.putArray("events");
        for (String e : new String[] {
            "ISSUE_CREATED",
            "ISSUE_UPDATED",
            "ISSUE_STATUS_UPDATED",
            "ISSUE_ASSIGNEE_CHANGED",
            "ISSUE_ITERATION_CHANGED",
            "ISSUE_DELETED",
            "ISSUE_COMMENT_CREATED"
        }) {
            events.add(e);
        }
        ObjectNode config = n.putObject("config");
        config.put("content_type", "application/json");
        config.put("url", "https://sync.example.com/bench/hook");
        n.put("created_at", BASE_UPDATED_AT - 86_400_000L);
        n.put("updated_at", BASE_UPDATED_AT - 86_400_000L);
        return n;
    }

    private static ObjectNode issue(ObjectMapper mapper, SplittableRandom random, int code, List<ObjectNode> users) {
        String type = TYPES[random.nextInt(TYPES.length)];
        String segment = switch (type) {
            case "REQUIREMENT" -> "requirements";
            case "DEFECT" -> "defects";
            case "SUB_TASK" -> "sub-tasks";
            default -> "assignments";
        };
        ObjectNode n = mapper.createObjectNode();
        n.put("html_url", PROJECT_URL + "/" + segment + "/issues/" + code + "/detail");
        n.put("type", type);
        n.put("project_id", PROJECT_ID);
        n.put("code", code);
        n.put("parent_code", "SUB_TASK".equals(type) && code > 1 ? random.nextInt(1, code) : 0);
        n.put("title", sentence(random, 3 + random.nextInt(6)));
        n.set("creator", users.get(random.nextInt(users.size())));
        String[] status = STATUSES[random.nextInt(STATUSES.length)];
        n.put("status", status[1]);
        if (random.nextInt(10) < 8) {
            n.set("assignee", users.get(random.nextInt(users.size())));
        }
        n.put("priority", random.nextInt(4));
        long created = BASE_UPDATED_AT - 86_400_000L * (30 + random.nextInt(300));
        n.put("start_date", created + 86_400_000L);
        n.put("due_date", created + 86_400_000L * (7 + random.nextInt(30)));
        if (random.nextInt(10) < 6) {
            int iterationCode = 1 + random.nextInt(12);
            ObjectNode it = n.putObject("iteration");
            it.put("title", "Sprint " + iterationCode);
            it.put("goal", sentence(random, 4));
            it.put("html_url", PROJECT_URL + "/iterations/" + iterationCode);
            it.put("project_id", PROJECT_ID);
            it.put("code", iterationCode);
            it.set("creator", users.get(iterationCode % users.size()));
            it.putArray("watchers").add(watcher(mapper, users.get(iterationCode % users.size())));
            it.put("status", "PROCESSING");
            it.put("plan_issue_number", 20 + iterationCode);
            it.put("start_at", BASE_UPDATED_AT - 86_400_000L * 14 * (13 - iterationCode));
            it.put("end_at", BASE_UPDATED_AT - 86_400_000L * 14 * (12 - iterationCode));
            it.put("created_at", BASE_UPDATED_AT - 86_400_000L * 14 * (14 - iterationCode));
            it.put("updated_at", BASE_UPDATED_AT - 86_400_000L * 14 * (14 - iterationCode));
        }
        n.put("description", "<p>" + sentence(random, 20 + random.nextInt(60)) + "</p>");
        n.put("created_at", created);
        n.put("updated_at", created);
        ObjectNode issueStatus = n.putObject("issue_status");
        issueStatus.put("id", Long.parseLong(status[0]));
        issueStatus.put("name", status[1]);
        issueStatus.put("type", status[2]);
        ArrayNode watchers = n.putArray("watchers");
        for (int w = random.nextInt(1, 4); w > 0; w--) {
            watchers.add(watcher(mapper, users.get(random.nextInt(users.size()))));
        }
        ArrayNode labels = n.putArray("labels");
        for (int b = 0; b < LABELS.length; b++) {
            if (random.nextInt(5) == 0) {
                ObjectNode l = labels.addObject();
                l.put("id", 501 + b);
                l.put("name", LABELS[b]);
            }
        }
        return n;
    }

    private static String sentence(SplittableRandom random, int words) {
        StringBuilder s = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0 && random.nextInt(3) == 0) {
                s.append(' ');
            }
            s.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return s.toString();
    }

    private static String letters(SplittableRandom random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            int c = random.nextInt(52);
            s.append((char) (c < 26 ? 'a' + c : 'A' + c - 26));
        }
        return s.toString();
    }
}
