import { describe, expect, it } from 'vitest';
import { swarmUnmet } from '../../server/cli/command-spec.ts';
import { swarmFromHeader } from '../../server/commands/engine-info.ts';

describe("the ping's Swarm header, as the CLI reads it", () => {
  it.each([
    ['inactive', { nodeState: 'inactive', controlAvailable: false }, true],
    ['active/worker', { nodeState: 'active', controlAvailable: false }, true],
    ['active/manager', { nodeState: 'active', controlAvailable: true }, false],
    ['locked', { nodeState: 'locked', controlAvailable: false }, true],
  ])('%s', (header, swarm, managerOnlyHidden) => {
    expect(swarmFromHeader(header)).toEqual(swarm);
    expect(swarmUnmet({ apiVersion: '1.45', swarm: swarmFromHeader(header) }, 'manager')).toBe(
      managerOnlyHidden,
    );
  });

  it('hides nothing when the engine sends no header (Engine 20.10)', () => {
    expect(swarmUnmet({ apiVersion: '1.41' }, 'manager')).toBe(false);
  });
});
