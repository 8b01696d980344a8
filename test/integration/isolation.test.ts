import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../harness/lab-client.ts';
import { type LabFixture, startLabFixture } from '../../harness/lab-fixture.ts';
import { sessionIdFromToken } from '../../server/sandbox/namespace.ts';

describe('two sessions on one engine', () => {
  let lab: LabFixture;
  let alice: LabClient;
  let bob: LabClient;

  beforeAll(async () => {
    lab = await startLabFixture();
    alice = await lab.connect();
    bob = await lab.connect();
  });
  afterAll(() => lab.stop());

  it('can both create the same name and each sees only their own', async () => {
    expect(await alice.run('docker volume create my-volume')).toEqual({ output: 'my-volume\n', exitCode: 0 });
    expect(await bob.run('docker volume create my-volume')).toEqual({ output: 'my-volume\n', exitCode: 0 });
    await alice.run('docker volume create --label owner=alice alice-only');

    expect((await alice.run('docker volume ls -q')).output).toBe('alice-only\nmy-volume\n');
    expect((await bob.run('docker volume ls -q')).output).toBe('my-volume\n');
    expect((await bob.run('docker volume ls -q -f label=owner=alice')).output).toBe('');
  });

  it('cannot inspect or remove the other session’s volumes, even by prefix or engine name', async () => {
    expect(await bob.run('docker volume inspect alice-only')).toEqual({
      output: '[]\nError response from daemon: get alice-only: no such volume\n',
      exitCode: 1,
    });
    expect((await bob.run('docker volume rm alice-only')).exitCode).toBe(1);
    const engineName = (await lab.engine.listVolumes({ label: ['owner=alice'] }))[0]?.Name;
    expect(engineName).toMatch(/^vl-[0-9a-f]{12}-alice-only$/);
    expect((await bob.run(`docker volume inspect ${engineName}`)).exitCode).toBe(1);
    expect((await bob.run(`docker volume rm -f ${engineName}`)).exitCode).toBe(0);
    expect((await alice.run('docker volume ls -q')).output).toBe('alice-only\nmy-volume\n');
  });

  it('prunes only its own volumes', async () => {
    await bob.run('docker volume prune -f');
    expect((await bob.run('docker volume ls -q')).output).toBe('');
    expect((await alice.run('docker volume ls -q')).output).toBe('alice-only\nmy-volume\n');
  });

  it('refuses the lab’s own labels, to set or to filter on', async () => {
    const set = await alice.run('docker volume create --label volume-lab.session=x sneaky');
    expect(set.exitCode).toBe(1);
    expect(set.output).toMatch(/^volume-lab: .*volume-lab\./);
    const filter = await bob.run('docker volume ls -f label=volume-lab.session');
    expect(filter.exitCode).toBe(1);
    expect(filter.output).toMatch(/^volume-lab: /);
  });

  it('never shows the hidden prefix or the session label, even in daemon errors and inspect', async () => {
    await alice.run('docker volume inspect my-volume');
    await alice.run('docker volume ls --format "{{json .}}"');
    await alice.run('docker volume inspect -f "{{.Mountpoint}} {{.Labels}}" my-volume');
    await alice.run('docker volume create _bad');
    await alice.run('docker volume rm nope');
    const prefixOf = (client: LabClient) => `vl-${sessionIdFromToken(client.session)}-`;
    // Bob typed Alice's engine name himself above, so only Alice's transcript is free of every prefix.
    expect(alice.transcript).not.toMatch(/vl-[0-9a-f]{12}-/);
    expect(bob.transcript).not.toContain(prefixOf(bob));
    for (const client of [alice, bob]) {
      // The session id is the value of the lab's label: it shows nowhere, and neither do tokens.
      expect(client.transcript).not.toContain(sessionIdFromToken(client.session));
      for (const other of [alice, bob]) expect(client.transcript).not.toContain(other.session);
    }
  });
});
