package com.aitesting.postgres.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one SQL text of the read port, as JDBC (positional) and the Data API (named) see it. */
class RunReadSqlTest {
    @Test
    void positionalReplacesEachNamedParameterAndKeepsCasts() {
        assertThat(RunReadSql.positional(RunReadSql.LIST_AFTER))
                .contains("payload::text", "run_id = CAST(? AS uuid)", "seq > ?", "LIMIT ?")
                .doesNotContain(":run_id", ":after_seq", ":limit");
        assertThat(RunReadSql.parameterNames(RunReadSql.LIST_AFTER)).containsExactly("run_id", "after_seq", "limit");
        assertThat(RunReadSql.parameterNames(RunReadSql.HEAD)).containsExactly("run_id");
    }

    @Test
    void epochMicrosRoundTripIncludingBeforeTheEpoch() {
        assertThat(RunReadSql.instantOfEpochMicros(1_700_000_000_123_456L)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L));
        assertThat(RunReadSql.instantOfEpochMicros(-1)).isEqualTo(Instant.ofEpochSecond(-1, 999_999_000L));
    }
}
