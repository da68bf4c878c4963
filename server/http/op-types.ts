// Request types of an operation, derived from the generated contract types, so no route
// hand-writes a request or response shape.
import type { operations } from '../../generated/schema.d.ts';

export type Body<Op extends keyof operations> =
  operations[Op] extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;

export type Query<Op extends keyof operations> =
  operations[Op] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
