/**
 * SECURITY: an image's VOLUME paths become the session's labelled anonymous volumes, except where the
 * learner's flags or --volumes-from already mount something, as Docker leaves those paths alone too.
 * The request must still pass the policy's last check.
 */
import { describe, expect, it } from 'vitest';
import { dockerRun } from '../../server/cli/container-commands.ts';
import { parseCommandArgs } from '../../server/cli/parse-args.ts';
import { loadConfig, sandboxLimits } from '../../server/config.ts';
import type { CreateRequest } from '../../server/docker/containers.ts';
import { ANONYMOUS_LABEL, DECLARED_VOLUME_LABEL } from '../../server/labels.ts';
import { checkCreateRequest } from '../../server/policy/check-request.ts';
import { withImageVolumes } from '../../server/policy/image-volumes.ts';
import { isRefusal } from '../../server/policy/refusal.ts';
import { planRun } from '../../server/policy/run-policy.ts';
import { ENGINE_ANONYMOUS_LABEL } from '../../server/sandbox/anonymous-volume.ts';
import { createNamespace } from '../../server/sandbox/namespace.ts';
import { tokenize } from '../../server/shell/tokenize.ts';

const ns = createNamespace('imgvoltest00');
const limits = sandboxLimits(loadConfig({}));
const LENDER = `7e57${'c'.repeat(60)}`;
const redis = { reference: 'redis', engine: { repoTags: ['redis:latest'], volumes: [] } };
/** Engine 20.10's API: no anonymous label of the engine's, so the lab's own marks the volume. */
const ENGINE = { apiVersion: '1.41' };
const declared = (path: string) => ({ ...ns.labels, [DECLARED_VOLUME_LABEL]: path, [ANONYMOUS_LABEL]: '' });

function request(line: string): CreateRequest {
  const tokens = tokenize(line);
  if (!tokens.ok) throw new Error(tokens.reason);
  const parsed = parseCommandArgs(dockerRun, tokens.words.slice(2), { engine: { apiVersion: '1.41' } });
  if (parsed.kind !== 'run') throw new Error(`not parsed: ${line}`);
  const [reference = '', ...command] = parsed.args;
  const plan = planRun({
    flags: parsed.flags,
    // As an engine image that declares no VOLUME: what withImageVolumes adds is then all there is.
    image: { ...redis, reference },
    command,
    ns,
    engine: ENGINE,
    limits,
    volumesFrom: new Map([['lender', LENDER]]),
  });
  if (isRefusal(plan)) throw new Error(plan.message);
  return plan.request;
}

const added = (before: CreateRequest, after: CreateRequest) =>
  after.HostConfig.Mounts.slice(before.HostConfig.Mounts.length);

describe('withImageVolumes', () => {
  it("mounts each VOLUME path nothing covers as an anonymous volume with the session's labels", () => {
    const before = request('docker run -d redis');
    const after = withImageVolumes(before, ['/data', '/logs/'], [], ns, ENGINE);
    expect(added(before, after)).toEqual([
      { Type: 'volume', Target: '/data', VolumeOptions: { Labels: declared('/data') } },
      { Type: 'volume', Target: '/logs', VolumeOptions: { Labels: declared('/logs') } },
    ]);
    expect(checkCreateRequest(after, ns, limits, new Set([LENDER]), redis)).toBeUndefined();
  });

  it('gives them the label Engine 26.1 gives an image VOLUME’s anonymous volume, where the engine has one', () => {
    const before = request('docker run -d redis');
    const after = withImageVolumes(before, ['/data'], [], ns, { apiVersion: '1.45' });
    expect(added(before, after)).toEqual([
      {
        Type: 'volume',
        Target: '/data',
        VolumeOptions: {
          Labels: { ...ns.labels, [DECLARED_VOLUME_LABEL]: '/data', [ENGINE_ANONYMOUS_LABEL]: '' },
        },
      },
    ]);
  });

  it.each([
    ['a named -v', 'docker run -d -v db:/data redis'],
    ['an anonymous -v', 'docker run -d -v /data/ redis'],
    ['--mount', 'docker run -d --mount type=volume,src=db,dst=/data redis'],
    ['--tmpfs', 'docker run -d --tmpfs /data redis'],
  ])('leaves a path %s already fills alone', (_what, line) => {
    const before = request(line);
    expect(withImageVolumes(before, ['/data'], [], ns, ENGINE)).toEqual(before);
  });

  it('leaves a path --volumes-from brings alone', () => {
    const before = request('docker run -d --volumes-from lender redis');
    expect(withImageVolumes(before, ['/data'], ['/data'], ns, ENGINE)).toEqual(before);
    expect(added(before, withImageVolumes(before, ['/data'], ['/cache'], ns, ENGINE))).toHaveLength(1);
  });
});
