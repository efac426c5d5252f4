import { isIPv4, isIPv6 } from 'node:net';

/**
 * The share of the address space one client is counted by, for the failure
 * limit: an IPv4 address, or an IPv6 /64 (the block one subscriber or one
 * host is given: counting single IPv6 addresses would give a guesser 2^64
 * fresh ones). An IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function addressBucket(address: string): string {
  if (isIPv4(address) || !isIPv6(address)) return address;
  const lowered = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lowered);
  if (mapped) return mapped[1];
  const [head, tail] = lowered.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  // An IPv4 tail (::ffff:0:1.2.3.4 and the like) stands for two groups; it lies past the first four anyway.
  const missing = 8 - headGroups.length - tailGroups.length - (tailGroups.at(-1)?.includes('.') ? 1 : 0);
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
