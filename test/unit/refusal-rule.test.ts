/**
 * The rules sandbox refusals are counted under, as the run policy and the quotas name them with each
 * refusal (never read back from its wording), and the places in the command handlers that report them.
 */
import { describe, expect, it } from 'vitest';
import { dockerRun } from '../../server/cli/container-commands.ts';
import { parseCommandArgs } from '../../server/cli/parse-args.ts';
import type { CommandContext } from '../../server/commands/context.ts';
import { runCommand } from '../../server/commands/dispatch.ts';
import { containerProblem, startProblem, volumeProblem } from '../../server/commands/quotas.ts';
import { loadConfig, sandboxLimits } from '../../server/config.ts';
import { EngineError } from '../../server/docker/engine-error.ts';
import type { LabObserver } from '../../server/observability/lab-observer.ts';
import { ruleLabel } from '../../server/observability/refusal-rule.ts';
import { catalogueRunImage } from '../../server/policy/images.ts';
import { isRefusal, type Refusal } from '../../server/policy/refusal.ts';
import { planRun } from '../../server/policy/run-policy.ts';
import { createNamespace } from '../../server/sandbox/namespace.ts';
import { tokenize } from '../../server/shell/tokenize.ts';

const ns = createNamespace('a1b2c3d4e5f6');
const limits = sandboxLimits(loadConfig({}));

/** The run policy's refusal of `docker run …`. */
function refusalOf(line: string): Refusal {
  const tokens = tokenize(line);
  if (!tokens.ok) throw new Error(tokens.reason);
  const out = parseCommandArgs(dockerRun, tokens.words.slice(2), { engine: { apiVersion: '1.41' } });
  if (out.kind !== 'run') throw new Error(out.stderr);
  const [image = '', ...command] = out.args;
  const plan = planRun({
    flags: out.flags,
    image: catalogueRunImage(image, limits),
    command,
    ns,
    engine: { apiVersion: '1.41' },
    limits,
    volumesFrom: new Map(),
  });
  if (!isRefusal(plan)) throw new Error(`not refused: ${line}`);
  return plan;
}

describe('the rule of a run policy refusal', () => {
  it.each([
    ['docker run --privileged busybox', '--privileged'],
    ['docker run --cap-add SYS_ADMIN busybox', '--cap-add'],
    ['docker run -p 80:80 busybox', '--publish'],
    ['docker run --network host busybox', '--network'],
    ['docker run -v /etc:/host busybox', 'host-path'],
    ['docker run -v ./here:/x busybox', 'host-path'],
    ['docker run --mount type=bind,src=/etc,dst=/x busybox', 'host-path'],
    ['docker run --mount src=/etc,dst=/x busybox', 'host-path'],
    ['docker run --mount type=image,src=busybox,dst=/x busybox', 'mount-type'],
    ['docker run --mount src=v,dst=/x,volume-driver=evil busybox', 'mount-option'],
    ['docker run --mount src=v,dst=/x,volume-label=volume-lab.session=other busybox', 'lab-label'],
    ['docker run --label volume-lab.session=other busybox', 'lab-label'],
    ['docker run alpine', 'image'],
  ])('%s → %s', (line, rule) => {
    const refusal = refusalOf(line);
    expect(refusal.rule).toBe(rule);
    // A label already: counting it cannot fall back to `other`.
    expect(ruleLabel(refusal.rule ?? '')).toBe(rule);
  });

  it('is absent for the daemon-worded mistakes the policy also returns', () => {
    expect(refusalOf('docker run -v data:/x:bogus busybox').rule).toBeUndefined();
    expect(refusalOf('docker run -v a:/x -v b:/x busybox').rule).toBeUndefined();
  });

  it('never holds what the learner typed, though the message quotes it', () => {
    const refusal = refusalOf('docker run -v /home/alice/secret:/x busybox');
    expect(refusal.message).toContain('alice');
    expect(refusal.rule).not.toContain('alice');
  });
});

describe('ruleLabel', () => {
  it('passes named rules and flags the CLI defines, and nothing else', () => {
    expect(ruleLabel('quota-data')).toBe('quota-data');
    expect(ruleLabel('--privileged')).toBe('--privileged');
    expect(ruleLabel('--opt')).toBe('--opt');
    expect(ruleLabel('--no-such-flag')).toBe('other');
    expect(ruleLabel('-v /etc:/x')).toBe('other');
    expect(ruleLabel('--foo=/etc/passwd')).toBe('other');
  });
});

describe('the rule of a quota problem', () => {
  const own = (count: number, state: string) =>
    Array.from({ length: count }, (_, i) => ({ id: `${i}`, name: `c${i}`, state }));

  const volumes = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ Name: ns.toEngine(`v${i}`) }));

  function context(held: number): CommandContext {
    return {
      limits,
      ns,
      // Typed, so a change to what commands ask of the quota fails here rather than at run time.
      quota: {
        roomProblem: async () => (held > limits.dataBytes ? 'your sandbox holds too much' : undefined),
        holdContainer: async () => undefined,
        remeasure: async () => {},
      } satisfies CommandContext['quota'],
    } as unknown as CommandContext;
  }

  it('names each quota, beside the message the learner reads', async () => {
    const full = context(limits.dataBytes + 1);
    const data = await startProblem(full, []);
    const running = await startProblem(context(0), own(limits.maxRunning, 'running'));
    const containers = containerProblem(context(0), own(limits.maxContainers, 'exited'));
    const tooMany = volumeProblem(context(0), volumes(limits.maxVolumes), ['fresh'], 0);
    expect([data, running, containers, tooMany].map((problem) => problem?.rule)).toEqual([
      'quota-data',
      'quota-running',
      'quota-containers',
      'quota-volumes',
    ]);
  });
});

describe('where the lab refuses, it reports the rule', () => {
  /** Runs one line against an engine with nothing on it; returns the rules reported and the exit code. */
  async function refusedRules(line: string): Promise<{ rules: string[]; exitCode: number }> {
    const tokens = tokenize(line);
    if (!tokens.ok) throw new Error(tokens.reason);
    const rules: string[] = [];
    const observer: LabObserver = {
      commandFinished() {},
      policyRefused: ({ sessionId, rule }) => {
        expect(sessionId).toBe(ns.sessionId);
        rules.push(rule);
      },
      checkPassed() {},
      engineError() {},
      engineQueue() {},
      engineTurn() {},
      sessionEnded() {},
      admissionRefused() {},
    };
    const context = {
      ns,
      limits,
      cols: 80,
      rows: 24,
      signal: new AbortController().signal,
      engine: {
        version: async () => ({ ApiVersion: '1.41' }),
        swarmStatus: async () => undefined,
        listVolumes: async () => [],
      },
      containers: {
        list: async () => [],
        images: async () => [],
        inspectImage: async (name: string) => {
          throw new EngineError(404, `No such image: ${name}`);
        },
      },
      quota: { remeasure: async () => {} },
      locks: { run: <T>(_id: string, task: () => Promise<T>) => task() },
      observer,
      stdout() {},
      stderr() {},
    } as unknown as CommandContext;
    const { exitCode } = await runCommand(tokens.words, context);
    return { rules, exitCode };
  }

  it.each([
    ['docker run --privileged busybox', '--privileged'],
    ['docker run -v /etc:/host busybox', 'host-path'],
    ['docker run alpine', 'image'],
    ['docker exec --privileged web sh', '--privileged'],
    ['docker rm --link web', '--link'],
    ['docker stop --time 1 web', undefined],
    ['docker container prune --filter until=1h', '--filter'],
    ['docker logs --details web', '--details'],
    ['docker images --filter dangling=true', '--filter'],
    ['docker ps --filter label=volume-lab.session=000000000000', 'lab-label-filter'],
    ['docker volume ls --filter label=volume-lab.session=000000000000', 'lab-label-filter'],
    ['docker volume prune -f --filter label=volume-lab.session', 'lab-label-filter'],
    ['docker volume create -o type=tmpfs data', '--opt'],
    ['docker volume create --driver nfs data', '--driver'],
    ['docker volume create --label volume-lab.session=x data', 'lab-label'],
    ['docker -H tcp://10.0.0.1:2375 ps', 'global-option'],
    ['docker build .', 'unavailable-command'],
  ])('%s → %s', async (line, rule) => {
    const { rules, exitCode } = await refusedRules(line);
    if (rule === undefined) {
      expect(rules).toEqual([]);
      return;
    }
    expect(rules).toEqual([rule]);
    expect(exitCode).not.toBe(0);
  });

  it('reports nothing for a mistake the daemon would have answered', async () => {
    expect((await refusedRules('docker run -v data:/x:bogus busybox')).rules).toEqual([]);
    expect((await refusedRules('docker volume ls')).rules).toEqual([]);
  });
});
