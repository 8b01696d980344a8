import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, type TrustedProxies, trustedProxiesSchema } from '../../server/trusted-proxies.ts';

function request(remoteAddress: string, headers: IncomingMessage['headers'] = {}): IncomingMessage {
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

const proxies = (value: string): TrustedProxies => trustedProxiesSchema.parse(value);

describe('LAB_TRUSTED_PROXIES', () => {
  it('takes addresses and CIDR ranges of both families', () => {
    const list = proxies('127.0.0.1, 10.0.0.0/8,::1,fd00::/8');
    expect(clientAddress(request('10.9.8.7', { 'x-forwarded-for': '198.51.100.7' }), list)).toBe(
      '198.51.100.7',
    );
    expect(clientAddress(request('fd12::1', { 'x-forwarded-for': '198.51.100.7' }), list)).toBe(
      '198.51.100.7',
    );
  });

  it('is empty by default, and then no header is believed', () => {
    expect(proxies('')).toBeUndefined();
    expect(clientAddress(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.7' }), undefined)).toBe(
      '127.0.0.1',
    );
  });

  it.each(['localhost', '10.0.0.0/33', '1.2.3.4/x', '::1/129', '1.2.3.4/8/9'])('refuses %s', (entry) => {
    expect(() => proxies(entry)).toThrow(
      /LAB_TRUSTED_PROXIES must be comma-separated addresses or CIDR ranges/,
    );
  });
});

describe('the client address', () => {
  const local = proxies('127.0.0.1');

  it('is the socket’s when the socket is not a trusted proxy, whatever it claims', () => {
    expect(clientAddress(request('203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }), local)).toBe(
      '203.0.113.9',
    );
    expect(clientAddress(request('203.0.113.9', { forwarded: 'for=1.2.3.4' }), local)).toBe('203.0.113.9');
  });

  it('is the hop the trusted proxy appended, not one the client forged before it', () => {
    const forged = request('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' });
    expect(clientAddress(forged, local)).toBe('198.51.100.7');
  });

  it('walks back through every trusted proxy to the first untrusted hop', () => {
    const chain = request('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.1.2.3' });
    expect(clientAddress(chain, proxies('127.0.0.1,10.0.0.0/8'))).toBe('198.51.100.7');
  });

  it('reads RFC 7239 Forwarded before X-Forwarded-For, with quotes, brackets and ports', () => {
    const forwarded = request('127.0.0.1', {
      forwarded: 'for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"',
      'x-forwarded-for': '6.6.6.6',
    });
    expect(clientAddress(forwarded, local)).toBe('2001:db8:cafe::17');
  });

  it('drops a port and reads an IPv4-mapped socket address as IPv4', () => {
    expect(
      clientAddress(request('::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.7:5555' }), local),
    ).toBe('198.51.100.7');
  });

  it('stops at the last trusted hop when the next one is not an address', () => {
    expect(clientAddress(request('127.0.0.1', { 'x-forwarded-for': 'unknown' }), local)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1'), local)).toBe('127.0.0.1');
  });
});
