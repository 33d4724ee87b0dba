/**
 * The field readers validation is built from (validate.ts, validate-files.ts):
 * each returns the field typed, or throws Invalid with the reason, which
 * the parser turns into a refusal.
 */
export type Parsed<T> = { ok: true; message: T } | { ok: false; reason: string };

export type Fields = Record<string, unknown>;

export class Invalid extends Error {}

export function fail(reason: string): never {
  throw new Invalid(reason);
}

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(fields: Fields, key: string, maxLength: number): string {
  const value = fields[key];
  if (typeof value !== 'string') fail(`${key} must be a string`);
  if (value.length > maxLength) fail(`${key} is longer than ${maxLength}`);
  return value;
}

export function nonEmptyStr(fields: Fields, key: string, maxLength: number): string {
  const value = str(fields, key, maxLength);
  if (value.length === 0) fail(`${key} must not be empty`);
  return value;
}

export function bool(fields: Fields, key: string): boolean {
  const value = fields[key];
  if (typeof value !== 'boolean') fail(`${key} must be a boolean`);
  return value;
}

export function int(fields: Fields, key: string, min: number, max: number): number {
  const value = fields[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${key} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function record(fields: Fields, key: string): Fields {
  const value = fields[key];
  if (!isRecord(value)) fail(`${key} must be an object`);
  return value;
}
