package dev.camelcoding.simulator;

/**
 * Derives realistic-looking Chinese work-item text from (seed, code) without storing it: issue titles per type,
 * markdown descriptions, comments, custom field text and people's names with their pinyin.
 */
final class TextSynth {

    private static final String[] ROLES = {"运营人员", "财务", "新用户", "管理员", "客服", "门店店长", "开发者", "访客"};
    private static final String[] ACTIONS = {"导出", "批量导入", "搜索", "筛选", "审批", "撤销", "归档", "同步", "分享", "订阅", "对比", "预览"};
    private static final String[] OBJECTS = {
        "订单列表",
        "退款申请",
        "发票",
        "会员等级",
        "优惠券",
        "库存报表",
        "操作日志",
        "用户画像",
        "结算单",
        "商品详情页",
        "消息通知",
        "权限配置",
        "API 密钥",
        "Webhook 配置"
    };
    private static final String[] SCENES = {
        "弱网环境下", "并发提交时", "切换语言后", "分页到最后一页时", "使用 Safari 时", "数据量超过一万条时", "会话过期后", "时区为 UTC 时"
    };
    private static final String[] SYMPTOMS = {"页面白屏", "返回 500", "金额显示错误", "重复提交", "加载超时", "排序错乱", "按钮无响应", "时间差了 8 小时"};
    private static final String[] TECH = {"重构", "升级", "拆分", "压测", "监控", "缓存", "迁移", "补充单元测试：", "编写文档：", "接入灰度发布："};
    private static final String[] THEMES = {"会员体系", "支付链路", "数据中台", "移动端体验", "国际化", "开放平台", "风控", "搜索推荐"};
    private static final String[] PHASES = {"一期", "二期", "三期", "改版", "升级"};
    private static final String[] PHRASES = {
        "需要兼容旧版本数据", "与产品确认后再上线", "依赖支付网关的新接口", "请补充截图", "已在预发环境复现", "影响华东区客户", "回归测试通过", "先出技术方案"
    };
    private static final String[] COMMENTS = {
        "已确认，今天处理。",
        "这个问题在预发环境也能复现。",
        "麻烦补充一下复现步骤。",
        "PR 已提交，请帮忙 review。",
        "测试通过，可以关闭。",
        "和 **产品** 沟通过了，按方案二实现。",
        "优先级调高一些，客户在催。",
        "需要等后端接口上线。",
        "附上日志：\n\n```\nERROR timeout after 30s\n```",
        "已合入主干，下个版本发布。"
    };

    static final String[][] SURNAMES = {
        {"张", "zhang"},
        {"王", "wang"},
        {"李", "li"},
        {"赵", "zhao"},
        {"刘", "liu"},
        {"陈", "chen"},
        {"杨", "yang"},
        {"黄", "huang"},
        {"周", "zhou"},
        {"吴", "wu"},
        {"徐", "xu"},
        {"孙", "sun"},
        {"马", "ma"},
        {"朱", "zhu"},
        {"胡", "hu"},
        {"郭", "guo"},
        {"何", "he"},
        {"林", "lin"},
        {"罗", "luo"},
        {"邱", "qiu"}
    };
    static final String[][] GIVEN = {
        {"伟", "wei"},
        {"芳", "fang"},
        {"娜", "na"},
        {"敏", "min"},
        {"静", "jing"},
        {"磊", "lei"},
        {"洋", "yang"},
        {"艳", "yan"},
        {"勇", "yong"},
        {"军", "jun"},
        {"杰", "jie"},
        {"娟", "juan"},
        {"涛", "tao"},
        {"明", "ming"},
        {"超", "chao"},
        {"秀", "xiu"},
        {"霞", "xia"},
        {"平", "ping"},
        {"刚", "gang"},
        {"迎", "ying"},
        {"豪", "hao"},
        {"宇", "yu"},
        {"欣", "xin"},
        {"然", "ran"}
    };

    private final long seed;

    TextSynth(long seed) {
        this.seed = seed;
    }

    private String p(String[] pool, long code, long salt) {
        return pool[Seeds.pick(seed, code, salt, pool.length)];
    }

    String issueName(int code, String type) {
        switch (type) {
            case "EPIC":
                return p(THEMES, code, 1) + p(PHASES, code, 2);
            case "REQUIREMENT":
                return "作为" + p(ROLES, code, 3) + "，我希望可以" + p(ACTIONS, code, 4) + p(OBJECTS, code, 5);
            case "DEFECT":
                return p(OBJECTS, code, 5) + p(SCENES, code, 6) + p(SYMPTOMS, code, 7);
            case "SUB_TASK":
                return p(TECH, code, 8) + p(OBJECTS, code, 5) + "（" + p(ACTIONS, code, 4) + "）";
            default:
                return p(TECH, code, 8) + p(OBJECTS, code, 5);
        }
    }

    String issueDescription(int code, String type) {
        StringBuilder b = new StringBuilder(160);
        if ("DEFECT".equals(type)) {
            b.append("## 复现步骤\n\n1. 打开")
                    .append(p(OBJECTS, code, 5))
                    .append("\n2. ")
                    .append(p(SCENES, code, 6))
                    .append("进行")
                    .append(p(ACTIONS, code, 4))
                    .append("\n\n## 实际结果\n\n")
                    .append(p(SYMPTOMS, code, 7))
                    .append("\n\n## 期望结果\n\n操作成功，数据正确。\n");
        } else {
            b.append("## 背景\n\n")
                    .append(p(PHRASES, code, 9))
                    .append("。\n\n## 验收标准\n\n- ")
                    .append(p(ACTIONS, code, 4))
                    .append(p(OBJECTS, code, 5))
                    .append("功能可用\n- ")
                    .append(p(PHRASES, code, 10))
                    .append("\n");
        }
        return b.toString();
    }

    String comment(int code, int index) {
        return COMMENTS[Seeds.pick(seed, code * 64L + index, 11, COMMENTS.length)];
    }

    String customText(int code) {
        return p(PHRASES, code, 12);
    }

    /** {name, full pinyin, initials} for member number {@code i}. */
    String[] person(int i) {
        int s = Seeds.pick(seed, i, 13, SURNAMES.length);
        int g1 = Seeds.pick(seed, i, 14, GIVEN.length);
        int g2 = Seeds.pick(seed, i, 15, GIVEN.length + 6);
        String name = SURNAMES[s][0] + GIVEN[g1][0];
        String pinyin = SURNAMES[s][1] + GIVEN[g1][1];
        String initials = "" + SURNAMES[s][1].charAt(0) + GIVEN[g1][1].charAt(0);
        if (g2 < GIVEN.length) {
            name += GIVEN[g2][0];
            pinyin += GIVEN[g2][1];
            initials += GIVEN[g2][1].charAt(0);
        }
        return new String[] {name, pinyin, initials};
    }

    /** A 10-letter GlobalKey like CODING's ("cxRfjXWiUi"). */
    String globalKey(long salt) {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder b = new StringBuilder(10);
        for (int k = 0; k < 10; k++) {
            b.append(letters.charAt(Seeds.pick(seed, salt * 16 + k, 16, letters.length())));
        }
        return b.toString();
    }

    /** CODING renders comment markdown to HTML for {@code Content}; the simulator does a minimal paragraph rendering. */
    static String markdownToHtml(String markdown) {
        StringBuilder b = new StringBuilder();
        for (String para : markdown.split("\n\\s*\n")) {
            String t = para.strip();
            if (t.isEmpty()) {
                continue;
            }
            String esc = t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            if (esc.startsWith("```")) {
                b.append("<pre><code>").append(esc.replace("```", "").strip()).append("</code></pre>");
            } else {
                b.append("<p>")
                        .append(esc.replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>")
                                .replace("\n", "<br>"))
                        .append("</p>");
            }
        }
        return b.toString();
    }
}
