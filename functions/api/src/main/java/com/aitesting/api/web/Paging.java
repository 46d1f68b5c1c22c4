package com.aitesting.api.web;

import com.aitesting.api.auth.AuthFilter;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.page.Page;
import com.aitesting.core.page.PageKey;
import com.aitesting.core.page.PageRequest;
import com.aitesting.core.tenant.Actor;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.uri.UriBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The paging of every list endpoint: {@code ?limit=} (default {@value PageRequest#DEFAULT_LIMIT}, at most
 * {@value PageRequest#MAX_LIMIT}) and an opaque {@code ?cursor=}; the body stays a JSON array and the next
 * page is announced in an RFC 8288 {@code Link: <...>; rel="next"} header (absent on the last page).
 *
 * <p>A cursor is base64url of the last item's {@link PageKey} (rank, created_at in microseconds, id) and a tag
 * of the list it was issued for: the tenant, the path and every query parameter but {@code cursor} and
 * {@code limit} (those that choose the list: {@code engagement_id}, {@code severity}), so a cursor of another
 * list (another order, another engagement's runs, another severity, another tenant's) is refused rather than read
 * as a position it never was. Clients must treat it as opaque; the format may change.
 */
public final class Paging {
    /** What a paged list's OpenAPI description says; {@link #DESCRIPTION} for the newest-first ones. */
    public static final String PAGED = "Paged: at most `limit` items (default " + PageRequest.DEFAULT_LIMIT + ", at most "
            + PageRequest.MAX_LIMIT + "). When more follow, the `Link` header names the next page "
            + "(`<...>; rel=\"next\"`, with an opaque `cursor`); items created meanwhile never repeat or hide older ones.";
    static final String DESCRIPTION = PAGED + " Newest first.";
    public static final String LIMIT = "Items per page, 1-" + PageRequest.MAX_LIMIT + " (default " + PageRequest.DEFAULT_LIMIT + ")";
    public static final String CURSOR = "Opaque: the cursor from the previous page's Link header";
    private static final Pattern CURSOR_TEXT = Pattern.compile("(\\d{1,9}):(-?\\d{1,19}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([0-9a-f]{8})");
    private static final Pattern LIMIT_TEXT = Pattern.compile("[0-9]{1,9}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** The page of {@code request}'s list asked for by the raw query values (either may be null). */
    public static PageRequest request(HttpRequest<?> request, String limit, String cursor) {
        // ASCII digits only, as ?after= is: Integer.parseInt also reads other scripts' digits (fullwidth, Arabic-Indic)
        if (limit != null && !LIMIT_TEXT.matcher(limit).matches()) {
            throw InvalidInputException.of("limit", "must be a whole number 1-" + PageRequest.MAX_LIMIT);
        }
        PageRequest first = PageRequest.first(limit == null ? PageRequest.DEFAULT_LIMIT : Integer.parseInt(limit));
        return cursor == null ? first : first.after(decode(cursor, list(request)));
    }

    /** 200 with the page's items as a JSON array, and a Link to the next page when there is one. */
    public static <T> MutableHttpResponse<List<T>> respond(HttpRequest<?> request, Page<T> page, PageRequest asked) {
        MutableHttpResponse<List<T>> response = HttpResponse.ok(page.items());
        page.next().ifPresent(key -> {
            URI next = listUri(request).queryParam("limit", asked.limit()).queryParam("cursor", encode(key, list(request))).build();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        });
        return response;
    }

    static String encode(PageKey key, String list) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, key.createdAt());
        return ENCODER.encodeToString((key.rank() + ":" + micros + ":" + key.id() + ":" + tag(list)).getBytes(StandardCharsets.US_ASCII));
    }

    static PageKey decode(String cursor, String list) {
        try {
            Matcher m = CURSOR_TEXT.matcher(new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.US_ASCII));
            if (m.matches() && m.group(4).equals(tag(list))) {
                return new PageKey(Integer.parseInt(m.group(1)), Instant.EPOCH.plus(Long.parseLong(m.group(2)), ChronoUnit.MICROS),
                        UUID.fromString(m.group(3)));
            }
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            // reported below
        }
        throw InvalidInputException.of("cursor", "is not a cursor from this list's Link header");
    }

    /** The list's path and the query parameters that choose it: all but the page's own, in name order. */
    private static UriBuilder listUri(HttpRequest<?> request) {
        UriBuilder list = UriBuilder.of(request.getPath());
        new TreeMap<>(request.getParameters().asMap()).forEach((name, values) -> {
            if (!name.equals("cursor") && !name.equals("limit")) {
                values.forEach(value -> list.queryParam(name, value));
            }
        });
        return list;
    }

    /** What a cursor belongs to: the caller's tenant (none before authentication) and {@link #listUri}. */
    private static String list(HttpRequest<?> request) {
        String tenant = request.getAttribute(AuthFilter.ACTOR_ATTRIBUTE, Actor.class).map(a -> a.tenant().value()).orElse("");
        return tenant + " " + listUri(request).build();
    }

    /** Tells lists apart; not a secret (a made-up cursor of the same list only moves the start, within RLS). */
    private static String tag(String list) {
        CRC32 crc = new CRC32();
        crc.update(list.getBytes(StandardCharsets.UTF_8));
        return "%08x".formatted(crc.getValue());
    }

    private Paging() {}
}
