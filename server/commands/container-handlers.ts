/** The container and image commands, by their CLI spec; `docker X` and `docker container X` share a handler. */
import type { CommandSpec } from '../cli/command-spec.ts';
import {
  containerExec,
  containerInspect,
  containerKill,
  containerList,
  containerLogs,
  containerPrune,
  containerRemove,
  containerRestart,
  containerRun,
  containerStart,
  containerStop,
  containerWait,
  dockerExec,
  dockerImages,
  dockerInspect,
  dockerKill,
  dockerLogs,
  dockerPs,
  dockerRestart,
  dockerRm,
  dockerRun,
  dockerStart,
  dockerStop,
  dockerWait,
  imageList,
} from '../cli/container-commands.ts';
import { execInContainer } from './container-exec.ts';
import {
  killContainers,
  pruneContainers,
  removeContainers,
  restartContainers,
  startContainers,
  stopContainers,
  waitContainers,
} from './container-lifecycle.ts';
import { inspectObjects, listContainers, listImages } from './container-list.ts';
import { showLogs } from './container-logs.ts';
import { runContainer } from './container-run.ts';
import type { CommandHandler } from './context.ts';

const run: CommandHandler = (context, flags, args) => runContainer(context, flags, args);
const exec: CommandHandler = (context, flags, args) =>
  execInContainer(context, context.containers, flags, args);
const ps: CommandHandler = (context, flags) => listContainers(context, flags);
const rm: CommandHandler = (context, flags, args) =>
  removeContainers(context, context.containers, flags, args);
const stop: CommandHandler = (context, flags, args) =>
  stopContainers(context, context.containers, flags, args);
const start: CommandHandler = (context, flags, args) =>
  startContainers(context, context.containers, flags, args);
const restart: CommandHandler = (context, flags, args) =>
  restartContainers(context, context.containers, flags, args);
const kill: CommandHandler = (context, flags, args) =>
  killContainers(context, context.containers, flags, args);
const wait: CommandHandler = (context, flags, args) =>
  waitContainers(context, context.containers, flags, args);
const logs: CommandHandler = (context, flags, args) => showLogs(context, context.containers, flags, args);
const inspect: CommandHandler = (context, flags, args) =>
  inspectObjects(context, flags.string('type'), flags, args);
// `docker container inspect` has no --type: it is `docker inspect --type container`.
const inspectContainer: CommandHandler = (context, flags, args) =>
  inspectObjects(context, 'container', flags, args);
const images: CommandHandler = (context, flags) => listImages(context, flags);
const prune: CommandHandler = (context, flags) => pruneContainers(context, context.containers, flags);

export const containerHandlers: ReadonlyMap<CommandSpec, CommandHandler> = new Map<
  CommandSpec,
  CommandHandler
>([
  [dockerRun, run],
  [containerRun, run],
  [dockerExec, exec],
  [containerExec, exec],
  [dockerPs, ps],
  [containerList, ps],
  [dockerRm, rm],
  [containerRemove, rm],
  [dockerStop, stop],
  [containerStop, stop],
  [dockerStart, start],
  [containerStart, start],
  [dockerRestart, restart],
  [containerRestart, restart],
  [dockerKill, kill],
  [containerKill, kill],
  [dockerWait, wait],
  [containerWait, wait],
  [dockerLogs, logs],
  [containerLogs, logs],
  [dockerInspect, inspect],
  [containerInspect, inspectContainer],
  [dockerImages, images],
  [imageList, images],
  [containerPrune, prune],
]);
