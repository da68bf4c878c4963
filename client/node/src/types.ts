// Types derived from the contract's operations (schema.ts, generated): the JSON body an
// operation takes, its query parameters and the JSON of its success answer. The generated
// resource methods are typed with these, so they follow the contract without hand edits.
import type { operations } from './schema.ts';

export type OperationId = keyof operations;
type Op<K extends OperationId> = operations[K];

export type Body<K extends OperationId> =
  Op<K> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Query<K extends OperationId> =
  Op<K> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Result<K extends OperationId> = Op<K> extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 ? JsonOf<R[S]> : never }[keyof R]
  : never;
