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
  imageInspect,
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

const inspect: CommandHandler = (context, flags, args, engine) =>
  inspectObjects(context, flags.string('type'), flags, args, engine);
// `docker container inspect` has no --type: it is `docker inspect --type container`; `docker image
// inspect` is `--type image`.
const inspectContainer: CommandHandler = (context, flags, args, engine) =>
  inspectObjects(context, 'container', flags, args, engine);
const inspectImage: CommandHandler = (context, flags, args, engine) =>
  inspectObjects(context, 'image', flags, args, engine);

export const containerHandlers: ReadonlyMap<CommandSpec, CommandHandler> = new Map<
  CommandSpec,
  CommandHandler
>([
  [dockerRun, runContainer],
  [containerRun, runContainer],
  [dockerExec, execInContainer],
  [containerExec, execInContainer],
  [dockerPs, listContainers],
  [containerList, listContainers],
  [dockerRm, removeContainers],
  [containerRemove, removeContainers],
  [dockerStop, stopContainers],
  [containerStop, stopContainers],
  [dockerStart, startContainers],
  [containerStart, startContainers],
  [dockerRestart, restartContainers],
  [containerRestart, restartContainers],
  [dockerKill, killContainers],
  [containerKill, killContainers],
  [dockerWait, waitContainers],
  [containerWait, waitContainers],
  [dockerLogs, showLogs],
  [containerLogs, showLogs],
  [dockerInspect, inspect],
  [containerInspect, inspectContainer],
  [dockerImages, listImages],
  [imageList, listImages],
  [imageInspect, inspectImage],
  [containerPrune, pruneContainers],
]);
