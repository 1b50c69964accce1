package dev.camelcoding.protocol;

import java.time.ZoneId;

/**
 * CODING's calendar. CODING is a Chinese service: the day-granular condition values of its issue listing
 * ({@code UPDATED_AT}, {@code CREATED_AT}: {@code "2024-05-01_2024-05-02"}) are taken to be days in China Standard Time.
 * No recording shows it (docs/architecture.md "Assumptions"). The component's issue reader names its range's days in
 * this zone (the upper end a day later, rows filtered exactly in memory); the simulator evaluates conditions in it.
 * Were CODING's days another zone's, the lower end could be up to a day late: written once here, so one fix covers both.
 */
public final class CodingCalendar {

    /** China Standard Time: UTC+8, no daylight saving. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private CodingCalendar() {}
}
