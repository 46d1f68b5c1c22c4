package com.aitesting.api.web;

import com.aitesting.api.problem.Problems;
import com.aitesting.core.error.InvalidInputException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * No query parameter of the API takes several values, and Micronaut would join repeated ones with commas
 * ({@code ?engagement_id=A&engagement_id=B} read as "A,B"): a repeated parameter is a 400 on it. Checked by
 * the auth filter once the caller is known, so an anonymous caller learns nothing here.
 */
public final class SingleQueryValues {
    private SingleQueryValues() {}

    /** The 400 for the first repeated parameter of {@code request}, or null when each is given once. */
    @Nullable
    public static HttpResponse<?> refusal(HttpRequest<?> request, Problems problems) {
        for (Map.Entry<String, List<String>> parameter : request.getParameters().asMap().entrySet()) {
            if (parameter.getValue().size() > 1) {
                return problems.respond(request, InvalidInputException.of(parameter.getKey(),
                        "must be given once; the request has it " + parameter.getValue().size() + " times"), null);
            }
        }
        return null;
    }
}
