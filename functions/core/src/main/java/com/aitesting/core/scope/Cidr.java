package com.aitesting.core.scope;

import com.aitesting.core.error.InvalidInputException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range. Parsed strictly and without DNS: a range with host bits set
 * ({@code 10.0.0.1/24}) is rejected with the network it probably meant, because silently widening or
 * narrowing a customer's declared scope is worse than asking. A bare address is a /32 or /128. The text
 * form always carries the prefix; IPv6 is written in RFC 5952 canonical form (lowercase, no leading zeros,
 * the longest run of two or more zero groups as "::"; IPv4-mapped addresses as {@code ::ffff:a.b.c.d}).
 * A range of IPv4-mapped addresses ({@code ::ffff:10.0.0.0/104}) is read as the IPv4 range it is on the wire
 * ({@code 10.0.0.0/8}): one range, one spelling, so width limits, exclusions and the deny list all see the IPv4 range.
 */
public final class Cidr implements ScopeEntry {
    private static final Pattern IPV4_SHAPE = Pattern.compile("\\d+(\\.\\d+){3}");
    private static final String EXPECTED = "must be an IPv4 or IPv6 address or CIDR, e.g. 10.0.0.0/24 or 2001:db8::/32";

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = format(network) + "/" + prefixLength;
    }

    public static Cidr parse(String input) {
        Cidr exact = exact(input);
        return Ipv4Embedding.MAPPED.ipv4(exact).orElse(exact);
    }

    /** As written, a mapped range left in IPv6: for the table of embedding ranges itself. */
    static Cidr exact(String input) {
        if (input == null || input.isBlank()) {
            throw invalid(EXPECTED);
        }
        String s = input.strip();
        int slash = s.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? s : s.substring(0, slash));
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String digits = s.substring(slash + 1);
            if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > max) {
                throw invalid("has an invalid prefix length: must be 0-" + max);
            }
            prefix = Integer.parseInt(digits);
        }
        byte[] masked = mask(address, prefix);
        if (!Arrays.equals(masked, address)) {
            throw invalid("has host bits set; did you mean " + format(masked) + "/" + prefix + "?");
        }
        return new Cidr(masked, prefix);
    }

    /** The range of {@code prefix} bits of {@code address} (4 or 16 bytes); host bits are cleared. */
    static Cidr of(byte[] address, int prefix) {
        return new Cidr(mask(address, prefix), prefix);
    }

    static boolean looksLikeIpv4(String text) {
        return IPV4_SHAPE.matcher(text).matches();
    }

    @Override
    public String text() {
        return text;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** The network address's bytes (a copy). */
    byte[] network() {
        return network.clone();
    }

    public boolean isIpv6() {
        return network.length == 16;
    }

    /** True when every address of {@code other} is in this range (same address family only). */
    public boolean contains(Cidr other) {
        return network.length == other.network.length
                && other.prefixLength >= prefixLength
                && Arrays.equals(mask(other.network, prefixLength), network);
    }

    /** True when {@code address} is in this range (same address family only; no lookup: the bytes are compared). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return network.length == bytes.length && Arrays.equals(mask(bytes, prefixLength), network);
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** Number of addresses in the range. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(network.length * 8 - prefixLength);
    }

    /** The address at {@code offset} from the network address, e.g. for enumerating simulated hosts. */
    public String addressAt(BigInteger offset) {
        if (offset.signum() < 0 || offset.compareTo(size()) >= 0) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + text);
        }
        byte[] raw = new BigInteger(1, network).add(offset).toByteArray();
        byte[] address = new byte[network.length];
        int copy = Math.min(raw.length, address.length);
        System.arraycopy(raw, raw.length - copy, address, address.length - copy, copy);
        return format(address);
    }

    private static byte[] parseAddress(String s) {
        if (s.indexOf(':') >= 0) {
            return parseIpv6(s);
        }
        byte[] v4 = parseIpv4(s);
        if (v4 == null) {
            throw invalid(EXPECTED);
        }
        return v4;
    }

    /** Null when not a strict dotted quad. Leading zeros are refused: some tools read them as octal. */
    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (!part.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(part) > 255) {
                return null;
            }
            bytes[i] = (byte) Integer.parseInt(part);
        }
        return bytes;
    }

    private static byte[] parseIpv6(String s) {
        if (s.indexOf('%') >= 0) {
            throw invalid("must not carry a zone id (%...)");
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            throw invalid("may contain '::' only once");
        }
        List<Integer> head = groups(gap < 0 ? s : s.substring(0, gap), gap < 0);
        List<Integer> tail = gap < 0 ? List.of() : groups(s.substring(gap + 2), true);
        int total = head.size() + tail.size();
        if (gap < 0 ? total != 8 : total > 7) {
            throw invalid(EXPECTED);
        }
        List<Integer> all = new ArrayList<>(head);
        for (int i = total; i < 8; i++) {
            all.add(0);
        }
        all.addAll(tail);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (all.get(i) >> 8);
            bytes[2 * i + 1] = (byte) (int) all.get(i);
        }
        return bytes;
    }

    /** 16-bit groups of one side of "::"; a dotted quad is allowed as the last group of the address. */
    private static List<Integer> groups(String part, boolean mayEndInIpv4) {
        List<Integer> groups = new ArrayList<>();
        if (part.isEmpty()) {
            return groups;
        }
        String[] pieces = part.split(":", -1);
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (i == pieces.length - 1 && mayEndInIpv4 && piece.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(piece);
                if (v4 == null) {
                    throw invalid(EXPECTED);
                }
                groups.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                groups.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
            } else if (piece.matches("[0-9a-fA-F]{1,4}")) {
                groups.add(Integer.parseInt(piece, 16));
            } else {
                throw invalid(EXPECTED);
            }
        }
        return groups;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            masked[i] = (byte) (masked[i] & (0xff00 >> bits));
        }
        return masked;
    }

    /**
     * An address as text, in the form scope entries are written: dotted quad, or RFC 5952 canonical IPv6
     * ({@code ::1}, not Java's {@code 0:0:0:0:0:0:0:1}), so a finding's address reads like its scope entry.
     */
    public static String text(InetAddress address) {
        return format(address.getAddress());
    }

    private static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xffff) {
            return "::ffff:" + (address[12] & 0xff) + "." + (address[13] & 0xff) + "." + (address[14] & 0xff) + "." + (address[15] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static InvalidInputException invalid(String message) {
        return InvalidInputException.of("cidr", message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
