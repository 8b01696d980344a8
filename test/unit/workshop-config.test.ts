import { describe, expect, it } from 'vitest';
import { loadWorkshopConfig } from '../../server/workshop/workshop-config.ts';

const SECRET = 'correct horse battery staple';

describe('loadWorkshopConfig', () => {
  it('reads its own variables from a whole environment, whatever else it holds', () => {
    const env = { PATH: '/usr/bin', HOME: '/root', LAB_MEMORY_MB: '64', LAB_INSTRUCTOR_SECRET: SECRET };
    expect(loadWorkshopConfig({ ...env, LAB_STUCK_MINUTES: '7' }, [])).toEqual({
      secret: SECRET,
      stuckMs: 7 * 60_000,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadWorkshopConfig({ PATH: '/usr/bin', LAB_STUCK_MINUTES: '0' }, [])).toThrow(
      'invalid configuration:\n  LAB_STUCK_MINUTES: Too small: expected number to be >=1',
    );
  });
});
