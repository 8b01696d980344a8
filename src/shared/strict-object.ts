/**
 * The one way this project writes a zod object: strict. A key the schema does not know is an error
 * naming it, never silently dropped — a misspelt `readonly:` in a lesson would otherwise weaken its
 * check, and a misspelt frame field would be ignored instead of refused.
 */
import { z } from 'zod';

/**
 * An object that refuses keys it does not know, saying which and what it knows: Astro prints the
 * message under the field's path, which for the frontmatter itself is empty.
 */
export function strictObject<Shape extends z.core.$ZodShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')} (allowed: ${allowed})`
        : undefined,
  });
}
