import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseFrame } from '../../src/shared/frame.ts';
import {
  type ClientMessage,
  clientMessageSchema,
  MAX_FRAME_BYTES,
  serverMessageSchema,
} from '../../src/shared/protocol.ts';
import { type InstructorClientMessage, instructorClientMessageSchema } from '../../src/shared/workshop.ts';

const frame = (message: unknown) => JSON.stringify(message);

describe('parseFrame', () => {
  it('returns a frame the schema accepts, typed', () => {
    expect(parseFrame('{"type":"output","data":"hello\\r\\n"}', serverMessageSchema)).toEqual({
      ok: true,
      message: { type: 'output', data: 'hello\r\n' },
    });
  });

  it('refuses text that is not JSON, without quoting it', () => {
    expect(parseFrame(`{"type":"input" ${'x'.repeat(1000)}`, clientMessageSchema)).toEqual({
      ok: false,
      reason: 'frame is not valid JSON',
    });
  });

  it('refuses a type the protocol does not have', () => {
    expect(parseFrame('{"type":"shutdown"}', clientMessageSchema)).toEqual({
      ok: false,
      reason:
        "invalid frame: type: Invalid discriminator value. Expected 'hello' | 'input' | 'resize' | 'run' | 'watch' | 'check' | 'reset'",
    });
  });

  it('names the field that is wrong', () => {
    expect(parseFrame(frame({ type: 'done', command: 'ls', exitCode: '0' }), serverMessageSchema)).toEqual({
      ok: false,
      reason: 'invalid frame: exitCode: Invalid input: expected number, received string',
    });
  });

  it('refuses a key the schema does not know, naming it and the keys it knows', () => {
    expect(
      parseFrame(frame({ type: 'resize', cols: 80, rows: 24, colour: 'red' }), clientMessageSchema),
    ).toEqual({ ok: false, reason: 'invalid frame: unknown key "colour" (allowed: type, cols, rows)' });
    expect(
      parseFrame(frame({ type: 'unview', session: 'abcdef012345' }), instructorClientMessageSchema),
    ).toEqual({ ok: false, reason: 'invalid frame: unknown key "session" (allowed: type)' });
  });

  it('refuses a frame over the byte limit whole, counting UTF-8 bytes, not characters', () => {
    const input = (data: string) => frame({ type: 'input', data });
    const envelope = input('').length;
    const fits = input('x'.repeat(MAX_FRAME_BYTES - envelope));
    expect(parseFrame(fits, clientMessageSchema, MAX_FRAME_BYTES).ok).toBe(true);
    expect(
      parseFrame(input('x'.repeat(MAX_FRAME_BYTES - envelope + 1)), clientMessageSchema, MAX_FRAME_BYTES),
    ).toEqual({ ok: false, reason: `frame is over the ${MAX_FRAME_BYTES}-byte limit` });
    // 'é' is one character and two bytes: half the limit in characters is the whole limit in bytes.
    const accents = input('é'.repeat((MAX_FRAME_BYTES - envelope) / 2 + 1));
    expect(accents.length).toBeLessThan(MAX_FRAME_BYTES);
    expect(parseFrame(accents, clientMessageSchema, MAX_FRAME_BYTES).ok).toBe(false);
  });

  it('takes a frame of any size when no limit is given (the server sizes its own frames)', () => {
    const big = frame({ type: 'output', data: 'x'.repeat(2 * MAX_FRAME_BYTES) });
    expect(parseFrame(big, serverMessageSchema).ok).toBe(true);
  });

  it('refuses a binary frame', () => {
    expect(parseFrame(new ArrayBuffer(4), serverMessageSchema)).toEqual({
      ok: false,
      reason: 'not a text frame',
    });
  });
});

// Every frame a page of this build sends, as it builds them: a server of the same build must take them.
const PAGE_FRAMES: [z.ZodType, (ClientMessage | InstructorClientMessage)[]][] = [
  [
    clientMessageSchema,
    [
      { type: 'hello', cols: 80, rows: 24 },
      {
        type: 'hello',
        session: 'tok_abcdefghijklmnopqrstuv',
        terminal: 'main-1',
        name: 'Ada',
        cols: 2,
        rows: 1000,
      },
      { type: 'input', data: '\x1b[A' },
      { type: 'resize', cols: 120, rows: 40 },
      { type: 'run', command: 'docker volume ls' },
      { type: 'watch', lesson: '01-what-is-a-volume' },
      { type: 'watch', lesson: null },
      { type: 'check' },
      { type: 'check', lesson: '01-what-is-a-volume' },
      { type: 'reset', lesson: '01-what-is-a-volume' },
    ],
  ],
  [
    instructorClientMessageSchema,
    [
      { type: 'auth', secret: 'a-long-enough-secret' },
      { type: 'view', session: 'abcdef012345' },
      { type: 'view', session: 'abcdef012345', terminal: 'main-1' },
      { type: 'unview' },
      { type: 'reset', session: 'abcdef012345' },
      { type: 'broadcast', message: 'Ten more minutes.' },
      { type: 'end' },
    ],
  ],
];

describe('frames a page sends', () => {
  it.each(PAGE_FRAMES.flatMap(([schema, messages]) => messages.map((message) => [message, schema] as const)))(
    '%j parses unchanged',
    (message, schema) => {
      expect(parseFrame(frame(message), schema, MAX_FRAME_BYTES)).toEqual({ ok: true, message });
    },
  );
});
