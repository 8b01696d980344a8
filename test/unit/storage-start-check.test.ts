import { describe, expect, it } from 'vitest';
import { exposure, loadConfig } from '../../server/config.ts';
import { storageRefusal } from '../../server/storage/start-check.ts';

const engines = (enforced: Record<string, boolean>) =>
  new Map(Object.entries(enforced).map(([name, value]) => [name, { enforced: value }]));

describe('starting on engines that cannot enforce the data quota', () => {
  it('is refused for a lab other machines can reach, naming the engines and the way out', () => {
    for (const env of [
      { HOST: '0.0.0.0' },
      { LAB_TRUSTED_PROXIES: '127.0.0.1' },
      { LAB_ORIGINS: 'https://lab.example.org' },
    ]) {
      const refusal = storageRefusal(exposure(loadConfig(env)), engines({ local: true, far: false }));
      expect(refusal, JSON.stringify(env)).toMatch(
        /^the lab would be reachable from other machines .* engine "far" cannot hold learners to LAB_DATA_MB/,
      );
      expect(refusal).toContain('LAB_ALLOW_UNENFORCED_STORAGE=true');
    }
  });

  it('is allowed on loopback, with the operator’s override, or when every engine enforces it', () => {
    expect(storageRefusal(exposure(loadConfig({})), engines({ local: false }))).toBeUndefined();
    expect(
      storageRefusal(exposure(loadConfig({ HOST: '127.0.0.2' })), engines({ local: false })),
    ).toBeUndefined();
    expect(
      storageRefusal(
        exposure(loadConfig({ HOST: '0.0.0.0', LAB_ALLOW_UNENFORCED_STORAGE: 'true' })),
        engines({ local: false }),
      ),
    ).toBeUndefined();
    expect(
      storageRefusal(exposure(loadConfig({ HOST: '0.0.0.0' })), engines({ local: true, second: true })),
    ).toBeUndefined();
  });
});
