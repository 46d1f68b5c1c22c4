package com.aitesting.core.scope;

import com.aitesting.core.error.FieldErrors;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.InvalidInputException.Kind;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A period in which testing is allowed. JSON: {@code {"kind":"absolute",...}} or {@code {"kind":"weekly",...}}. */
public sealed interface TestingWindow {

    boolean isOpen(Instant at);

    /** The earliest instant at or after {@code from} when this window is open; empty when it never opens again. */
    Optional<Instant> nextOpening(Instant from);

    /** {@code [start, end)} between two instants with their offsets, e.g. a one-off maintenance night. */
    record Absolute(OffsetDateTime start, OffsetDateTime end) implements TestingWindow {
        public Absolute {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw InvalidInputException.unprocessable("end", "must be after start");
            }
        }

        @Override
        public boolean isOpen(Instant at) {
            return !at.isBefore(start.toInstant()) && at.isBefore(end.toInstant());
        }

        @Override
        public Optional<Instant> nextOpening(Instant from) {
            if (isOpen(from)) {
                return Optional.of(from);
            }
            return from.isBefore(start.toInstant()) ? Optional.of(start.toInstant()) : Optional.empty();
        }
    }

    /**
     * Every listed day from {@code start} to {@code end} local time in {@code timeZone}. When end is not after
     * start the window crosses midnight and ends on the following day ("22:00"-"06:00" on mon is Monday night
     * into Tuesday morning). Local times are compared as wall-clock times, so a window follows DST shifts;
     * an opening that falls into a spring-forward gap opens when the clocks jump.
     */
    record Weekly(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId timeZone) implements TestingWindow {
        public Weekly {
            days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(timeZone, "timeZone");
            if (days.isEmpty()) {
                throw InvalidInputException.unprocessable("days", "must list at least one day");
            }
            if (start.equals(end)) {
                throw InvalidInputException.unprocessable("end", "must differ from start");
            }
        }

        public boolean crossesMidnight() {
            return !end.isAfter(start);
        }

        @Override
        public boolean isOpen(Instant at) {
            ZonedDateTime local = at.atZone(timeZone);
            LocalTime time = local.toLocalTime();
            DayOfWeek day = local.getDayOfWeek();
            if (!crossesMidnight()) {
                return days.contains(day) && !time.isBefore(start) && time.isBefore(end);
            }
            return (days.contains(day) && !time.isBefore(start)) || (days.contains(day.minus(1)) && time.isBefore(end));
        }

        @Override
        public Optional<Instant> nextOpening(Instant from) {
            if (isOpen(from)) {
                return Optional.of(from);
            }
            LocalDate today = from.atZone(timeZone).toLocalDate();
            for (int i = 0; i <= 7; i++) {
                LocalDate date = today.plusDays(i);
                if (days.contains(date.getDayOfWeek())) {
                    Instant opening = ZonedDateTime.of(date, start, timeZone).toInstant();
                    if (opening.isAfter(from)) {
                        return Optional.of(opening);
                    }
                }
            }
            throw new IllegalStateException("a weekly window with days always opens within 8 days");
        }

        /** Wire names of the days in week order, e.g. ["mon", "tue"]. */
        public List<String> dayNames() {
            return EnumSet.copyOf(days).stream().map(Weekly::dayName).toList();
        }

        static String dayName(DayOfWeek day) {
            return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Parses the API shape; errors carry paths relative to the window ({@code start}, {@code days[1]}),
     * and the caller files them under {@code scope.windows[i]}.
     */
    static TestingWindow parse(String kind, String start, String end, List<String> days, String timeZone) {
        FieldErrors errors = new FieldErrors();
        TestingWindow window = null;
        if ("absolute".equals(kind)) {
            // said but not applied, they would let a window open on days or hours its author meant to exclude
            if (days != null) {
                errors.add(Kind.VALIDATION, "days", "applies to weekly windows only; an absolute window is one period from start to end");
            }
            if (timeZone != null) {
                errors.add(Kind.VALIDATION, "time_zone", "applies to weekly windows only; an absolute window's start and end carry their offsets");
            }
            OffsetDateTime from = errors.at("start", () -> offsetDateTime(start));
            OffsetDateTime to = errors.at("end", () -> offsetDateTime(end));
            errors.throwIfAny();
            window = errors.at("end", () -> new Absolute(from, to));
        } else if ("weekly".equals(kind)) {
            Set<DayOfWeek> parsedDays = EnumSet.noneOf(DayOfWeek.class);
            if (days == null || days.isEmpty()) {
                errors.add(Kind.VALIDATION, "days", "must list at least one of mon, tue, wed, thu, fri, sat, sun");
            } else {
                for (int i = 0; i < days.size(); i++) {
                    String name = days.get(i);
                    DayOfWeek day = errors.at("days[" + i + "]", () -> day(name));
                    if (day != null) {
                        parsedDays.add(day);
                    }
                }
            }
            LocalTime from = errors.at("start", () -> localTime(start));
            LocalTime to = errors.at("end", () -> localTime(end));
            ZoneId zone = errors.at("time_zone", () -> zone(timeZone));
            errors.throwIfAny();
            window = errors.at("end", () -> new Weekly(parsedDays, from, to, zone));
        } else {
            errors.add(Kind.VALIDATION, "kind", "must be one of: absolute, weekly");
        }
        errors.throwIfAny();
        return window;
    }

    /** Years a window may fall in: beyond them a date is a typo, not a plan (and some stores cannot hold it). */
    static final int MIN_YEAR = 2000;
    static final int MAX_YEAR = 2100;

    private static OffsetDateTime offsetDateTime(String text) {
        OffsetDateTime parsed;
        try {
            parsed = OffsetDateTime.parse(Objects.requireNonNull(text));
        } catch (DateTimeParseException | NullPointerException e) {
            throw InvalidInputException.of("time", "must be an ISO-8601 date-time with offset, e.g. 2025-01-31T22:00:00+01:00");
        }
        if (parsed.getYear() < MIN_YEAR || parsed.getYear() > MAX_YEAR) {
            throw InvalidInputException.of("time", "must be in the years " + MIN_YEAR + "-" + MAX_YEAR);
        }
        return parsed;
    }

    private static LocalTime localTime(String text) {
        if (text == null || !text.matches("\\d{2}:\\d{2}")) {
            throw InvalidInputException.of("time", "must be a local time HH:MM, e.g. 22:00");
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw InvalidInputException.of("time", "must be a local time HH:MM, e.g. 22:00");
        }
    }

    private static DayOfWeek day(String name) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (Weekly.dayName(day).equals(name)) {
                return day;
            }
        }
        throw InvalidInputException.of("day", "must be one of mon, tue, wed, thu, fri, sat, sun");
    }

    /** Only region ids from the IANA database (and UTC); raw offsets would not follow DST. */
    private static ZoneId zone(String id) {
        if (id == null || !ZoneId.getAvailableZoneIds().contains(id)) {
            throw InvalidInputException.of("time_zone", "must be an IANA time zone id, e.g. Europe/Berlin");
        }
        return ZoneId.of(id);
    }
}
