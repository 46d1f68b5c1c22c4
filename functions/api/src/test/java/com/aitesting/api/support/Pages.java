package com.aitesting.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A client of the paged lists: follows the RFC 8288 {@code Link: <...>; rel="next"} header. */
public final class Pages {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    /** The next page's path, or null on the last page. */
    public static String next(TestServer.Response page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        assertThat(m.find()).as("Link header %s", link).isTrue();
        return m.group(1);
    }

    /** Every page from {@code first} on, each asserted to be a 200 JSON array. */
    public static List<JsonNode> walk(Api api, String first) {
        List<JsonNode> pages = new ArrayList<>();
        for (String path = first; path != null; ) {
            TestServer.Response page = api.get(path);
            assertThat(page.status()).as("%s: %s", path, page).isEqualTo(200);
            assertThat(page.json().isArray()).as("%s", path).isTrue();
            pages.add(page.json());
            path = next(page);
        }
        return pages;
    }

    /** The items of every page, in order. */
    public static List<JsonNode> items(List<JsonNode> pages) {
        List<JsonNode> items = new ArrayList<>();
        pages.forEach(page -> page.forEach(items::add));
        return items;
    }

    private Pages() {}
}
