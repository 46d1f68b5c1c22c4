package com.aitesting.core.scope;

/** One out_of_scope entry: an address range or a host pattern, told apart by its syntax. */
public sealed interface ScopeEntry permits Cidr, HostPattern {

    /** The normalised text, as stored and returned by the API. */
    String text();

    /** An entry that contains ':' or '/' or is a dotted quad is read as an address range, anything else as a host. */
    static ScopeEntry parse(String text) {
        if (text != null && (text.indexOf(':') >= 0 || text.indexOf('/') >= 0 || Cidr.looksLikeIpv4(text.strip()))) {
            return Cidr.parse(text);
        }
        return HostPattern.parse(text);
    }
}
