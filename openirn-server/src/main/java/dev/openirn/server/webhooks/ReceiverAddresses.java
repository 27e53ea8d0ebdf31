package dev.openirn.server.webhooks;

import dev.openirn.server.tenancy.ApiEnvironment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Where a live endpoint may point: {@code https}, and only to public addresses, so a tenant cannot
 * make the server call its own loopback, the private network or a cloud metadata service. The check
 * runs when the endpoint is saved and again before every send (a name may resolve elsewhere later).
 * Hosts or ranges in {@code openirn.webhooks.allowed-hosts} are exempt. Test-environment endpoints may
 * use {@code http} and any address, for receivers on a developer's machine.
 */
@Component
class ReceiverAddresses {

    /** Why a URL may not be used, or null when it may. */
    record Refusal(String code, String message) {
    }

    private final List<String> allowedNames = new ArrayList<>();
    private final List<Range> allowedRanges = new ArrayList<>();

    ReceiverAddresses(WebhookProperties properties) {
        for (String entry : properties.allowedHosts()) {
            String trimmed = entry.trim().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            Range range = Range.parse(trimmed);
            if (range != null) {
                allowedRanges.add(range);
            } else {
                allowedNames.add(trimmed);
            }
        }
    }

    /** The scheme and form rules, for any environment; null when the URL is well formed. */
    static Refusal malformed(String url, ApiEnvironment environment) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return new Refusal("webhook.url_invalid", "url is not a valid absolute URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return new Refusal("webhook.url_invalid", "url must be an absolute http or https URL with a host.");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return new Refusal("webhook.url_invalid", "url must not carry user information or a fragment.");
        }
        if (environment == ApiEnvironment.LIVE && !scheme.equals("https")) {
            return new Refusal("webhook.url_not_https", "Live endpoints must use https.");
        }
        return null;
    }

    /**
     * Resolves the URL's host and refuses it in live when any of its addresses is not public and the
     * host is not allow-listed. Null when the URL may be called.
     */
    Refusal check(String url, ApiEnvironment environment) {
        Refusal malformed = malformed(url, environment);
        if (malformed != null || environment != ApiEnvironment.LIVE) {
            return malformed;
        }
        String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (allowedNames.contains(host)) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new Refusal("webhook.url_unresolvable", "The host " + host + " of url does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address) && allowedRanges.stream().noneMatch(range -> range.contains(address))) {
                return new Refusal("webhook.url_not_public", "The host " + host + " resolves to " + address.getHostAddress()
                        + ", a loopback, private, link-local or metadata address; live endpoints must be public "
                        + "(an operator may allow internal receivers with openirn.webhooks.allowed-hosts).");
            }
        }
        return null;
    }

    /** False for loopback, unspecified, private, shared (CGNAT), link-local (cloud metadata), unique-local and multicast addresses. */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return !(first == 0 || (first == 100 && second >= 64 && second <= 127) || (first == 192 && second == 0
                    && (bytes[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19)) || first >= 240);
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local, which includes AWS's fd00:ec2::254 metadata address
            }
            boolean ipv4Compatible = true;
            for (int i = 0; i < 10; i++) {
                ipv4Compatible &= bytes[i] == 0;
            }
            if (ipv4Compatible && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** An address range written as an address or as CIDR ({@code 10.1.0.0/16}, {@code fd00::/8}). */
    record Range(byte[] network, int prefixLength) {

        static Range parse(String text) {
            String address = text;
            int prefix = -1;
            int slash = text.indexOf('/');
            if (slash >= 0) {
                address = text.substring(0, slash);
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (!address.matches("[0-9.]+") && !address.contains(":")) {
                return null; // a host name
            }
            try {
                byte[] bytes = InetAddress.getByName(address).getAddress();
                int bits = bytes.length * 8;
                return new Range(bytes, prefix < 0 || prefix > bits ? bits : prefix);
            } catch (UnknownHostException e) {
                return null;
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
