import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Where an outbound call (webhook, Slack, Teams) may go. A channel URL is chosen by whoever administers the channel,
 * and the server runs inside a network (a cloud account, a cluster) whose private services and metadata endpoint
 * trust anyone who can reach them: without these rules a channel URL would be a way in (server-side request forgery).
 * The rules are checked on addresses after DNS resolution, and again on every redirect, by `OutboundHttp`.
 */

export type RefusalReason = 'invalid-url' | 'scheme' | 'credentials' | 'address';

/** Why a call was refused before anything was sent. A refusal is final: trying again cannot change it. */
export interface Refusal {
  reason: RefusalReason;
  /** Names the rule, the host and the address; never the path, query or credentials, which may be secrets. */
  detail: string;
}

export interface NetworkPolicyOptions {
  /** Allow every address (tests, and receivers on the same private network). Off by default. */
  allowPrivateNetworks?: boolean;
  /** Allow plain `http:` besides `https:`. Off by default: a channel URL and its payload are secrets. */
  allowHttp?: boolean;
}

interface Range {
  name: string;
  cidr: string;
  list: BlockList;
}

function range(name: string, network: string, prefix: number): Range {
  const family = isIPv4(network) ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { name, cidr: `${network}/${prefix}`, list };
}

// The IANA special-purpose registries (RFC 6890 and successors): everything that is not a globally reachable host.
// The cloud metadata endpoints fall in these too: 169.254.169.254 (AWS, GCP, Azure), fd00:ec2::254 (AWS),
// 100.100.100.200 (Alibaba), 192.0.0.192 (Oracle).
const IPV4_RANGES: readonly Range[] = [
  range('this network', '0.0.0.0', 8),
  range('private', '10.0.0.0', 8),
  range('shared (CGNAT)', '100.64.0.0', 10),
  range('loopback', '127.0.0.0', 8),
  range('link-local', '169.254.0.0', 16),
  range('private', '172.16.0.0', 12),
  range('IETF protocol assignments', '192.0.0.0', 24),
  range('documentation', '192.0.2.0', 24),
  range('6to4 relay', '192.88.99.0', 24),
  range('private', '192.168.0.0', 16),
  range('benchmarking', '198.18.0.0', 15),
  range('documentation', '198.51.100.0', 24),
  range('documentation', '203.0.113.0', 24),
  range('multicast', '224.0.0.0', 4),
  range('reserved', '240.0.0.0', 4), // with the broadcast address 255.255.255.255
];

const IPV6_RANGES: readonly Range[] = [
  range('unspecified', '::', 128),
  range('loopback', '::1', 128),
  range('link-local', 'fe80::', 10),
  range('unique local', 'fc00::', 7),
  range('multicast', 'ff00::', 8),
  range('IETF protocol assignments', '2001::', 23), // Teredo among them
  range('documentation', '2001:db8::', 32),
  range('6to4', '2002::', 16), // tunnels to an IPv4 address, which could be any of the above
  range('documentation', '3fff::', 20),
];

// Only global unicast (2000::/3) reaches hosts on the internet; the rest of the IPv6 space is reserved, including the
// deprecated IPv4-compatible (::a.b.c.d) and site-local (fec0::/10) forms.
const GLOBAL_UNICAST = range('global unicast', '2000::', 3);

// Addresses that carry an IPv4 address in their last 32 bits and reach it: IPv4-mapped (::ffff:127.0.0.1 is
// 127.0.0.1 on a dual-stack socket) and the well-known NAT64 prefix (how an IPv6-only network reaches IPv4 hosts, so
// refusing it outright would refuse every IPv4 receiver there). They are judged by the IPv4 address they carry.
const CARRYING_IPV4: readonly Range[] = [range('IPv4-mapped', '::ffff:0:0', 96), range('NAT64', '64:ff9b::', 96)];

export class NetworkPolicy {
  constructor(private readonly options: NetworkPolicyOptions) {}

  /** The checks that need no resolution: scheme and credentials. */
  checkUrl(url: URL): Refusal | undefined {
    const schemes = this.options.allowHttp ? ['https:', 'http:'] : ['https:'];
    if (!schemes.includes(url.protocol)) {
      return { reason: 'scheme', detail: `${url.protocol} is not allowed (allowed: ${schemes.join(', ')})` };
    }
    // Credentials in a URL travel further than the URL's owner expects (into logs, into a redirect's Location), and
    // no supported channel kind needs them: the receivers authenticate by a secret path or a signature.
    if (url.username || url.password) {
      return { reason: 'credentials', detail: `the URL for ${url.hostname} carries credentials; put them elsewhere` };
    }
    return undefined;
  }

  /** Whether a resolved address (or an IP written in the URL) may be connected to. */
  checkAddress(address: string): Refusal | undefined {
    if (this.options.allowPrivateNetworks) return undefined;
    const special = specialRange(address.split('%')[0]);
    return special === undefined ? undefined : { reason: 'address', detail: `${address} is ${special}` };
  }
}

/** The special-purpose range an address is in ("loopback (127.0.0.0/8)"), or undefined for a public address. */
function specialRange(address: string): string | undefined {
  if (isIPv4(address)) return describe(IPV4_RANGES.find((r) => r.list.check(address, 'ipv4')));
  if (!isIPv6(address)) return 'not an IP address';
  const carrier = CARRYING_IPV4.find((r) => r.list.check(address, 'ipv6'));
  if (carrier) {
    const ipv4 = embeddedIpv4(address);
    const inner = IPV4_RANGES.find((r) => r.list.check(ipv4, 'ipv4'));
    return inner && `${inner.name} (${inner.cidr}, ${carrier.name} ${ipv4})`;
  }
  const named = IPV6_RANGES.find((r) => r.list.check(address, 'ipv6'));
  if (named) return describe(named);
  return GLOBAL_UNICAST.list.check(address, 'ipv6') ? undefined : 'reserved (outside 2000::/3)';
}

function describe(r: Range | undefined): string | undefined {
  return r && `${r.name} (${r.cidr})`;
}

/** The IPv4 address in the last 32 bits of an IPv6 address. */
function embeddedIpv4(address: string): string {
  const groups = ipv6Groups(address);
  const high = parseInt(groups[6], 16);
  const low = parseInt(groups[7], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** The eight hex groups of an IPv6 address. */
function ipv6Groups(address: string): string[] {
  // The WHATWG URL serialiser writes every IPv6 address in one form: hex groups only (a dotted IPv4 tail becomes two
  // groups) with the longest run of zero groups as '::'. Only '::' is left to expand.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head, tail] = canonical.split('::');
  const left = head ? head.split(':') : [];
  if (tail === undefined) return left;
  const right = tail ? tail.split(':') : [];
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}
