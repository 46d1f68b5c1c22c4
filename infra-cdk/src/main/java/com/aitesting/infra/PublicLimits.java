package com.aitesting.infra;

/**
 * What the environment's public entry points may take, so that a flood of requests (unauthenticated
 * $connect attempts and stream requests included) meets 429s or Lambda throttles instead of the account's
 * shared Lambda concurrency, which the runs' task functions need. One home for these numbers: the HTTP API
 * stage, the WebSocket stage and the reserved concurrency of the functions that face the internet directly.
 *
 * <p>Reserved concurrency is both a cap and a reservation: Lambda refuses a deploy that would leave the
 * account fewer than 100 unreserved executions, so the three reservations need an account quota of at
 * least 100 plus their sum (the default quota is 1,000).
 *
 * @param apiRateLimit            requests/s of the HTTP API stage ({@code apiThrottleRateLimit})
 * @param apiBurstLimit           its burst ({@code apiThrottleBurstLimit})
 * @param liveRateLimit           connects and messages/s of the WebSocket stage ({@code liveThrottleRateLimit})
 * @param liveBurstLimit          its burst ({@code liveThrottleBurstLimit})
 * @param sseConcurrency          reserved concurrency of the SSE function behind the public function URL, so
 *                                at most this many streams at once ({@code sseReservedConcurrency})
 * @param liveAuthorizerConcurrency reserved concurrency of the WebSocket $connect authorizer
 *                                ({@code liveAuthorizerReservedConcurrency})
 * @param liveRoutesConcurrency   reserved concurrency of the WebSocket routes function
 *                                ({@code liveRoutesReservedConcurrency})
 */
record PublicLimits(
        double apiRateLimit,
        int apiBurstLimit,
        double liveRateLimit,
        int liveBurstLimit,
        int sseConcurrency,
        int liveAuthorizerConcurrency,
        int liveRoutesConcurrency) {

    PublicLimits {
        require(apiRateLimit > 0, "apiThrottleRateLimit must be a positive number of requests per second");
        require(apiBurstLimit >= 1, "apiThrottleBurstLimit must be at least 1");
        require(liveRateLimit > 0, "liveThrottleRateLimit must be a positive number of requests per second");
        require(liveBurstLimit >= 1, "liveThrottleBurstLimit must be at least 1");
        // 0 would be a function that never runs: reserved concurrency 0 throttles every invocation
        require(sseConcurrency >= 1, "sseReservedConcurrency must be at least 1");
        require(liveAuthorizerConcurrency >= 1, "liveAuthorizerReservedConcurrency must be at least 1");
        require(liveRoutesConcurrency >= 1, "liveRoutesReservedConcurrency must be at least 1");
    }

    static PublicLimits fromContext(ContextValues context) {
        return new PublicLimits(
                context.decimal("apiThrottleRateLimit", 50),
                context.integer("apiThrottleBurstLimit", 100),
                context.decimal("liveThrottleRateLimit", 50),
                context.integer("liveThrottleBurstLimit", 100),
                context.integer("sseReservedConcurrency", 50),
                context.integer("liveAuthorizerReservedConcurrency", 20),
                context.integer("liveRoutesReservedConcurrency", 50));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
