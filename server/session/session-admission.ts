/**
 * SECURITY: who may open what. A socket counts against the caps while it is open; a hello resumes its
 * own session, or starts one where there is room, on a healthy engine, and (unless a workshop admits
 * by name) from an address that holds fewer sessions than its cap. Every refusal is reported by reason.
 */

import type { LabObserver } from '../observability/lab-observer.ts';
import type { Admission, Refusal } from './admission.ts';
import type { Session, SessionStore } from './session-store.ts';

export const NO_ENGINE_MESSAGE = "The lab's Docker engine is not answering. Try again in a minute.";

export interface SessionAdmissionOptions<T> {
  admission: Admission;
  sessions: SessionStore<T>;
  /** The engine a newcomer's session goes on, or undefined when none answers. */
  place(): string | undefined;
  /** Whether newcomers are held to the per-address session cap. */
  capSessionsPerAddress: boolean;
  observer?: Pick<LabObserver, 'admissionRefused'>;
}

export interface SessionAdmission<T> {
  /** Counts a new socket from `address` against the caps; the caller releases it when it closes. */
  socket(address: string): { ok: true; release: () => void } | Refusal;
  /** The session a hello resumes, or a new one for it. */
  session(
    token: string | undefined,
    name: string | undefined,
    address: string,
  ): { ok: true; session: Session<T>; token: string } | Refusal;
}

export function createSessionAdmission<T>(options: SessionAdmissionOptions<T>): SessionAdmission<T> {
  const { admission, sessions, observer } = options;
  return {
    socket(address) {
      const admitted = admission.socket(address);
      if (!admitted.ok) observer?.admissionRefused({ reason: admitted.reason });
      return admitted;
    },
    session(token, name, address) {
      const resumed = sessions.resume(token, name);
      if (resumed) return { ok: true, ...resumed };
      const fromAddress = options.capSessionsPerAddress ? sessions.startedFrom(address) : undefined;
      const room = admission.session(sessions.size, fromAddress);
      if (!room.ok) {
        observer?.admissionRefused({ reason: room.reason });
        return room;
      }
      const engine = options.place();
      if (engine === undefined) {
        observer?.admissionRefused({ reason: 'engine' });
        return { ok: false, reason: 'full', message: NO_ENGINE_MESSAGE };
      }
      return { ok: true, ...sessions.create(token, engine, name, address) };
    },
  };
}
