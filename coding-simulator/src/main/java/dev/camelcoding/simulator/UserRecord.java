package dev.camelcoding.simulator;

/** A team member; {@code projectRole} is null when the user is not (or no longer) a member of the main project. */
final class UserRecord {
    final long id;
    final String globalKey;
    final String name;
    /** Full pinyin, e.g. "qiuyinghao". */
    final String pinyin;
    /** Initials, e.g. "qyh"; hook payloads carry "initials|full" as CODING does. */
    final String pinyinInitials;

    final String email;
    final String phone;
    final String avatar;
    /** 1 = normal, -1 = blocked (CODING's values). */
    final int status;

    final long joinedAt;
    Catalog.RoleDef projectRole;

    UserRecord(
            long id,
            String globalKey,
            String name,
            String pinyin,
            String pinyinInitials,
            String email,
            String phone,
            String avatar,
            int status,
            long joinedAt,
            Catalog.RoleDef projectRole) {
        this.id = id;
        this.globalKey = globalKey;
        this.name = name;
        this.pinyin = pinyin;
        this.pinyinInitials = pinyinInitials;
        this.email = email;
        this.phone = phone;
        this.avatar = avatar;
        this.status = status;
        this.joinedAt = joinedAt;
        this.projectRole = projectRole;
    }
}
