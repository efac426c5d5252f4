import { NetworkPolicy } from './network-policy';

describe('network policy', () => {
  const strict = new NetworkPolicy({});

  describe('addresses', () => {
    it.each([
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['::1', 'loopback'],
      ['10.0.0.1', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['fd00::2', 'unique local'],
      ['169.254.169.254', 'link-local'],
      ['fe80::1', 'link-local'],
      ['100.64.0.1', 'shared (CGNAT)'],
      ['100.100.100.200', 'shared (CGNAT)'],
      ['0.0.0.0', 'this network'],
      ['0.1.2.3', 'this network'],
      ['::', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['ff02::1', 'multicast'],
      ['255.255.255.255', 'reserved'],
      ['240.0.0.1', 'reserved'],
      ['192.0.0.192', 'IETF protocol assignments'],
      ['192.0.2.2', 'documentation'],
      ['198.51.100.7', 'documentation'],
      ['203.0.113.9', 'documentation'],
      ['2001:db8::1', 'documentation'],
      ['198.18.0.1', 'benchmarking'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::ffff:169.254.169.254', 'link-local'],
      ['64:ff9b::a00:1', 'private'],
      ['::127.0.0.1', 'reserved'],
      ['2002:7f00:1::', '6to4'],
      ['fec0::1', 'reserved'],
    ])('refuses %s (%s)', (address, range) => {
      const refusal = strict.checkAddress(address);
      expect(refusal).toEqual({ reason: 'address', detail: expect.stringContaining(`${address} is ${range}`) });
    });

    it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('allows the public address %s', (address) => {
      expect(strict.checkAddress(address)).toBeUndefined();
    });

    it('allows every address when private networks are allowed', () => {
      const open = new NetworkPolicy({ allowPrivateNetworks: true });
      for (const address of ['127.0.0.1', '::1', '169.254.169.254', '10.0.0.1', '::ffff:127.0.0.1']) expect(open.checkAddress(address)).toBeUndefined();
    });
  });

  describe('urls', () => {
    const check = (policy: NetworkPolicy, url: string) => policy.checkUrl(new URL(url));

    it('accepts https only, unless plain http is allowed', () => {
      expect(check(strict, 'https://hooks.example.com/x')).toBeUndefined();
      expect(check(strict, 'http://hooks.example.com/x')).toEqual({ reason: 'scheme', detail: expect.stringContaining('http:') });
      expect(check(new NetworkPolicy({ allowHttp: true }), 'http://hooks.example.com/x')).toBeUndefined();
    });

    it('refuses other schemes even when plain http is allowed', () => {
      expect(check(new NetworkPolicy({ allowHttp: true }), 'ftp://hooks.example.com/x')).toEqual({ reason: 'scheme', detail: expect.stringContaining('ftp:') });
    });

    it('refuses credentials in the url, and does not repeat them', () => {
      const refusal = check(strict, 'https://alice:s3cret@hooks.example.com/x');
      expect(refusal).toEqual({ reason: 'credentials', detail: expect.any(String) });
      expect(refusal?.detail).not.toContain('s3cret');
    });
  });
});
