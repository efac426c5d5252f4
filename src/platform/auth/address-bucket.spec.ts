import { addressBucket } from './address-bucket';

describe('address bucket', () => {
  it('counts an IPv4 address as itself, also when it comes IPv4-mapped', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every IPv6 address of one /64 as one client, however it is written', () => {
    const bucket = '2001:db8:85a3:0::/64';
    expect(addressBucket('2001:db8:85a3::1')).toBe(bucket);
    expect(addressBucket('2001:0DB8:85a3:0000:ffff:ffff:ffff:fffe')).toBe(bucket);
    expect(addressBucket('2001:db8:85a3:0:1:2:3:4')).toBe(bucket);
    expect(addressBucket('2001:db8:85a3:1::1')).not.toBe(bucket);
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
  });

  it('leaves what is not an address as it is', () => {
    expect(addressBucket('unix-socket')).toBe('unix-socket');
  });
});
