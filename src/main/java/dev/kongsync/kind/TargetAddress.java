package dev.kongsync.kind;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A target's address as Kong stores it ({@code kong/db/dao/targets.lua} with {@code kong/tools/ip.lua}): a missing
 * port becomes Kong's default 8000, an IPv6 address is written out in full ({@code [0000:...:0001]:8000}), an IPv4
 * address without leading zeros.
 */
final class TargetAddress {
    private TargetAddress() {}

    static Object withDefaultPort(Object value) {
        if (!(value instanceof String target)) {
            return value;
        }
        String host = target;
        String port = "8000";
        if (target.startsWith("[")) {
            int close = target.indexOf(']');
            if (close < 0) {
                return target;
            }
            host = target.substring(1, close);
            if (target.length() > close + 1 && target.charAt(close + 1) == ':') {
                port = target.substring(close + 2);
            }
            return "[" + ipv6(host) + "]:" + port;
        }
        long colons = target.chars().filter(c -> c == ':').count();
        if (colons > 1) {
            return "[" + ipv6(target) + "]:" + port;
        }
        if (colons == 1) {
            host = target.substring(0, target.indexOf(':'));
            port = target.substring(target.indexOf(':') + 1);
        }
        if (host.matches("^\\d{1,3}(\\.\\d{1,3}){3}$")) {
            StringBuilder sb = new StringBuilder();
            for (String part : host.split("\\.")) {
                sb.append(sb.length() > 0 ? "." : "").append(Integer.parseInt(part));
            }
            host = sb.toString();
        }
        return host + ":" + port;
    }

    /** Eight groups of four lowercase hex digits, as Kong's normalize_ipv6 writes them; the text itself if not IPv6. */
    private static String ipv6(String address) {
        if (!address.matches("^[0-9A-Fa-f:.]+$")) {
            return address;
        }
        try {
            byte[] b = InetAddress.getByName(address).getAddress();
            if (b.length != 16) {
                return address;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i += 2) {
                sb.append(i > 0 ? ":" : "").append(String.format(Locale.ROOT, "%02x%02x", b[i], b[i + 1]));
            }
            return sb.toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
