package dev.camelcoding.simulator;

/** A team member; {@code roleName}/{@code roleType} are null for a user who is not in the main project. */
public record MemberSnapshot(
        long id,
        String globalKey,
        String name,
        String namePinyin,
        String email,
        int status,
        String roleType,
        String roleName) {}
