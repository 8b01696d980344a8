/** What the docker CLI learns from the engine before it runs a command, for the grammar in server/cli. */
import { compareApiVersions, type EngineInfo } from '../cli/command-spec.ts';
import type { Engine } from '../docker/engine.ts';

/** The newest API version of the docker CLI the lab reproduces (28.x). */
export const CLI_API_VERSION = '1.50';

/** The API version the CLI settles on: the engine's own, at most the CLI's. */
export async function engineInfo(engine: Engine): Promise<EngineInfo> {
  const [{ ApiVersion }, swarm] = await Promise.all([engine.version(), engine.swarmStatus()]);
  const apiVersion = compareApiVersions(ApiVersion, CLI_API_VERSION) < 0 ? ApiVersion : CLI_API_VERSION;
  return swarm === undefined ? { apiVersion } : { apiVersion, swarm: swarmFromHeader(swarm) };
}

/** The client's reading of the ping's `Swarm` header: `state[/role]`, a manager when the role says so. */
export function swarmFromHeader(header: string): NonNullable<EngineInfo['swarm']> {
  const slash = header.indexOf('/');
  const nodeState = slash < 0 ? header : header.slice(0, slash);
  return { nodeState, controlAvailable: slash >= 0 && header.slice(slash + 1) === 'manager' };
}
