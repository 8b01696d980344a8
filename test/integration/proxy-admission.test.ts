import { afterEach, describe, expect, it } from 'vitest';
import { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { trustedProxiesSchema } from '../../server/trusted-proxies.ts';
import { CloseCode } from '../../src/shared/protocol.ts';

const fixtures: LabFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((lab) => lab.stop()));
});

async function fixture(
  server: NonNullable<Parameters<typeof startLabFixture>[0]>['server'],
): Promise<LabFixture> {
  const started = await startLabFixture({ server: { admission: { sessionsPerAddress: 2 }, ...server } });
  fixtures.push(started);
  return started;
}

const from = (address: string) => ({ headers: { 'X-Forwarded-For': address } });

/** Opens a socket and says hello as a newcomer; resolves with the refusal, or undefined when admitted. */
async function newcomer(lab: LabFixture, headers: Record<string, string>): Promise<string | undefined> {
  const client = await LabClient.open(lab.lab.url, { headers });
  const answer = client.next((m) => m.type === 'error' || m.type === 'ready');
  const shut = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
  client.send({ type: 'hello', cols: 80, rows: 24 });
  const message = await answer;
  if (message.type === 'ready') {
    await client.close();
    return undefined;
  }
  expect(await shut).toBe(CloseCode.tryAgainLater);
  return message.type === 'error' ? message.message : '';
}

const CAPPED =
  'Your network already has 2 lab sessions, the most one address may hold at once. Carry on in the browser where you started (your work is kept there), or try again once one has ended.';

describe('sessions per address, behind a trusted proxy', () => {
  it('refuses an address past its cap with a clear message, while another address and the existing sessions still work', async () => {
    const lab = await fixture({ trustedProxies: trustedProxiesSchema.parse('127.0.0.1') });
    const first = await lab.connect(from('198.51.100.7'));
    await lab.connect(from('198.51.100.7'));
    expect(await newcomer(lab, { 'X-Forwarded-For': '198.51.100.7' })).toBe(CAPPED);
    // Another learner behind the same proxy is someone else.
    const other = await lab.connect(from('203.0.113.20'));
    expect((await other.run('docker volume create mine')).output).toBe('mine\n');
    // The capped learner's own session carries on, from any device.
    const back = await lab.connect({ session: first.session, ...from('198.51.100.7') });
    expect((await back.run('docker volume ls -q')).exitCode).toBe(0);
  });

  it('believes only the hop the proxy appended, not what the client wrote before it', async () => {
    const lab = await fixture({ trustedProxies: trustedProxiesSchema.parse('127.0.0.1') });
    await lab.connect(from('1.1.1.1, 198.51.100.7'));
    await lab.connect(from('2.2.2.2, 198.51.100.7'));
    expect(await newcomer(lab, { 'X-Forwarded-For': '3.3.3.3, 198.51.100.7' })).toBe(CAPPED);
  });
});

describe('sessions per address, with no trusted proxy', () => {
  it('ignores a forged X-Forwarded-For: the socket’s own address is counted', async () => {
    const lab = await fixture({ trustedProxies: trustedProxiesSchema.parse('10.0.0.1') });
    await lab.connect(from('198.51.100.1'));
    await lab.connect({ headers: { Forwarded: 'for=198.51.100.2' } });
    expect(await newcomer(lab, { 'X-Forwarded-For': '198.51.100.3' })).toBe(CAPPED);
  });

  it('does not cap a workshop, whose room shares one address', async () => {
    const lab = await fixture({ capSessionsPerAddress: false });
    for (let i = 0; i < 3; i++) await lab.connect();
    expect(await newcomer(lab, {})).toBeUndefined();
  });
});
