/**
 * The container starts of one lab instance, from the engine's own event stream: every `start` the
 * engine reports for a container carrying the instance's label (`docker run`, `start`, `restart`),
 * stamped with the engine's time and the session it belongs to.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { engineEventSchema } from '../../server/docker/engine-watch.ts';
import { INSTANCE_LABEL, SESSION_LABEL } from '../../server/labels.ts';

export interface ContainerStart {
  /** Milliseconds since the epoch, from the event's `timeNano`. */
  at: number;
  session: string;
}

/** Opens the stream; resolves once the engine answered, so no start after it is missed. */
export async function watchStarts(docker: Docker, instance: string) {
  const starts: ContainerStart[] = [];
  const stream = (await docker.getEvents({
    filters: { type: ['container'], event: ['start'], label: [`${INSTANCE_LABEL}=${instance}`] },
  })) as unknown as Readable;
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      const event = engineEventSchema.safeParse(json);
      if (!event.success) continue;
      const session = event.data.Actor.Attributes?.[SESSION_LABEL];
      if (session === undefined) continue;
      starts.push({ at: (event.data.timeNano ?? Date.now() * 1e6) / 1e6, session });
    }
  });
  // An engine that goes away ends the stream; the starts seen so far still count.
  stream.on('error', () => {});
  return {
    starts,
    stop: () => stream.destroy(),
  };
}
