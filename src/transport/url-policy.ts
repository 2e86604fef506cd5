/**
 * Outbound URL policy for URLs the client did not build itself (poll, result and media URLs found in a
 * provider's answer, redirect targets): http(s) only, and no host on this machine or a private network
 * (loopback, RFC 1918, carrier-grade NAT, link-local and the cloud metadata addresses, unique-local and
 * link-local IPv6, IPv4 mapped or embedded in IPv6, the unspecified address, multicast and reserved
 * ranges, `localhost` and the `.localhost`, `.local` and `.internal` names, single-label names). The WHATWG
 * URL parser has already turned decimal, octal and hex IPv4 forms into dotted quads and IPv6 into its
 * short lower-case form, so the checks below see one spelling of each address.
 *
 * Limit: a DNS name that resolves to a private address cannot be told apart here (fetch resolves names
 * itself and does not say where it connected).
 */

/** Why `url` may not be fetched, or undefined when it may (`allowLocal`: only the scheme is checked). */
export function refusedUrl(url: string, allowLocal?: boolean): string | undefined {
  // The verdict depends on the string alone: calls to one URL (a server's every call) parse it once.
  const local = !!allowLocal;
  if (url === lastUrl && local === lastLocal) return lastWhy;
  let u: URL;
  let why: string | undefined;
  try {
    u = new URL(url);
    if (!/^https?:$/.test(u.protocol)) why = "not http(s)";
    else if (!local && isLocalHost(u.hostname)) why = "a loopback, private or link-local address";
  } catch {
    why = "an invalid URL";
  }
  lastUrl = url;
  lastLocal = local;
  return (lastWhy = why);
}

/** The last verdict of `refusedUrl`, and what it was for. */
let lastUrl = "";
let lastLocal = false;
let lastWhy: string | undefined = "an invalid URL";

/**
 * Dotted IPv4 addresses of this machine or a private network: 0/8, 10/8, 127/8, 100.64/10 (carrier-grade
 * NAT), 169.254/16 (link-local, cloud metadata 169.254.169.254), 172.16/12, 192.168/16, 192.0.0/24,
 * 198.18/15, 224/3 (multicast, reserved, broadcast).
 */
const LOCAL_V4 =
  /^(0|10|127|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])|169\.254|172\.(1[6-9]|2\d|3[01])|192\.168|192\.0\.0|198\.1[89]|22[4-9]|2[3-5]\d)\./;

/** A host name of this machine or of a private network (see the module's comment). */
export function isLocalHost(hostname: string): boolean {
  let h = hostname.toLowerCase().replace(/\.$/, "");
  if (h[0] === "[") {
    // Unspecified, loopback; fc00::/7 (unique local, fd00:ec2::254 too), fe80::/10, fec0::/10, ff00::/8.
    if (/^\[(::1?|f[c-f][0-9a-f]{2}:.*)\]$/.test(h)) return true;
    // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), SIIT and NAT64 (64:ff9b::/96): the IPv4 inside.
    const m = /^\[(?:::(?:ffff:(?:0:)?)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(h);
    if (!m) return false;
    const hi = parseInt(m[1]!, 16);
    const lo = parseInt(m[2]!, 16);
    h = `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return /^[\d.]+$/.test(h) ? LOCAL_V4.test(h) : !h.includes(".") || /(^|\.)(localhost|local|internal)$/.test(h);
}
