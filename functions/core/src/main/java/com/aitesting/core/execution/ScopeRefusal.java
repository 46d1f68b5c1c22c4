package com.aitesting.core.execution;

import java.util.Objects;

/**
 * A connection the network guard refused: the target as the executor named it, the address it resolved to
 * (null when it did not resolve), and the rule that refused it (e.g. {@code out_of_scope},
 * {@code platform.link_local}).
 */
public record ScopeRefusal(String target, String address, String rule) {
    public ScopeRefusal {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(rule, "rule");
    }
}
