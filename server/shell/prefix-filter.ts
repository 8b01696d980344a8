/**
 * SECURITY: removes a session's hidden name prefix from streamed output. A stream can split the
 * prefix across two chunks, so a tail that could be the start of the prefix is held back until the
 * next chunk (or the end of the stream) shows what it is.
 */
export interface PrefixFilter {
  push(text: string): string;
  /** Whatever is held back, at the end of a stream. */
  flush(): string;
}

export function createPrefixFilter(prefix: string): PrefixFilter {
  let held = '';
  return {
    push(text) {
      const joined = (held + text).replaceAll(prefix, '');
      held = '';
      for (let length = Math.min(prefix.length - 1, joined.length); length > 0; length--) {
        if (prefix.startsWith(joined.slice(joined.length - length))) {
          held = joined.slice(joined.length - length);
          return joined.slice(0, joined.length - length);
        }
      }
      return joined;
    },
    flush() {
      const rest = held;
      held = '';
      return rest;
    },
  };
}
