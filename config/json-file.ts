import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * Reads a JSON configuration file a company supplies and validates it, or fails saying which
 * variable named the file, where in it the problem is, and what it is.
 */
export function readJsonFile<S extends z.ZodType>(schema: S, file: string, variable: string): z.infer<S> {
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${variable} ${file}: ${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
