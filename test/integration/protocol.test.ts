import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { MAX_FRAME_BYTES } from '../../src/shared/protocol.ts';

/** Sends a raw upgrade request and returns the HTTP status the server answered with. */
function upgradeStatus(port: number, headers: Record<string, string>, path = '/ws'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      port,
      host: '127.0.0.1',
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => resolve(res.statusCode ?? 0));
    req.on('error', reject);
    req.end();
  });
}

describe('the WebSocket endpoint', () => {
  let lab: LabFixture;
  beforeAll(async () => {
    lab = await startLabFixture();
  });
  afterAll(() => lab.stop());

  it('upgrades only for the lab origin', async () => {
    const { port } = lab.lab;
    expect(await upgradeStatus(port, { Origin: `http://localhost:${port}` })).toBe(101);
    expect(await upgradeStatus(port, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(port, {})).toBe(403);
    expect(await upgradeStatus(port, { Origin: `http://localhost:${port}` }, '/other')).toBe(404);
  });

  it('answers malformed frames with an error and keeps the terminal working', async () => {
    const client = await lab.connect();
    for (const frame of ['not json', '{"type":"nope"}', '{"type":"resize","cols":-1,"rows":5}', '[]']) {
      const error = client.next((m) => m.type === 'error');
      client.send(frame);
      expect(await error).toMatchObject({ type: 'error' });
    }
    const binary = client.next((m) => m.type === 'error');
    client.ws.send(Buffer.from([1, 2, 3]));
    expect(await binary).toMatchObject({ message: expect.stringContaining('binary') });
    const again = client.next((m) => m.type === 'error');
    client.send({ type: 'hello', cols: 80, rows: 24 });
    expect(await again).toMatchObject({ message: expect.stringContaining('already') });
    expect(await client.run('docker volume ls -q')).toEqual({ output: '', exitCode: 0 });
  });

  it('closes a socket whose first frame is not a valid hello', async () => {
    const client = await LabClient.open(lab.lab.url);
    const error = client.next((m) => m.type === 'error');
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    client.send({ type: 'input', data: 'ls\r' });
    expect(await error).toMatchObject({ message: 'send hello before input' });
    expect(await closed).toBe(1002);
  });

  it('refuses frames larger than the limit', async () => {
    const client = await lab.connect();
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    client.ws.send(JSON.stringify({ type: 'input', data: 'x'.repeat(MAX_FRAME_BYTES + 10) }));
    expect(await closed).toBe(1009);
  });

  it('resumes a session and its terminal after the socket drops', async () => {
    const first = await lab.connect();
    await first.run('docker volume create kept-data');
    await first.close();
    const second = await lab.connect({ session: first.session, terminal: first.terminal });
    expect(second.session).toBe(first.session);
    expect(second.terminal).toBe(first.terminal);
    // What the terminal showed before comes back once, on a cleared screen.
    expect(second.transcript.startsWith('\x1b[H\x1b[2J\x1b[3J')).toBe(true);
    expect(second.transcript.split('docker volume create kept-data').length).toBe(2);
    expect(await second.run('docker volume ls -q')).toEqual({ output: 'kept-data\n', exitCode: 0 });
    // The same shell is back, so its history is too.
    const recalled = await second.type('\x1b[A', 'docker volume ls -q');
    expect(recalled).toContain('docker volume ls -q');
  });

  it('gives a new server the same volumes for the same token (the engine is the source of truth)', async () => {
    const client = await lab.connect();
    await client.run('docker volume create survives-restart');
    const other = await startLabFixture();
    try {
      const resumed = await other.connect({ session: client.session });
      expect(await resumed.run('docker volume ls -q')).toEqual({ output: 'survives-restart\n', exitCode: 0 });
    } finally {
      await Promise.all(other.clients.map((c) => c.close()));
      await other.lab.close();
    }
  });
});

describe('heartbeat', () => {
  it('terminates a socket that stops answering pings', async () => {
    const lab = await startLabFixture({ heartbeatMs: 100 });
    try {
      // A client that never answers pings, as a frozen tab or a dead network would.
      const client = await LabClient.open(lab.lab.url, { autoPong: false });
      const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
      expect(await closed).toBe(1006);
    } finally {
      await lab.stop();
    }
  });
});
