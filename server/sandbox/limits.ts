/** What every learner container and session is held to; set by the instructor, never by learners. */
export interface SandboxLimits {
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
  tmpfsBytes: number;
  maxRunning: number;
  maxContainers: number;
  maxVolumes: number;
  dataBytes: number;
  /** Images learners may run, as the engine names them. */
  images: string[];
}
