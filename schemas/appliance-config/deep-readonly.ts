// The generated config types are mutable (json-schema-to-typescript has no readonly output); the
// code on both sides holds them as deeply readonly values. These two helpers bridge the two views
// without a cast at each use: the argument is type-checked against the readonly view of T.

export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A deep copy of a (readonly) JSON value: a fresh value owns its arrays, so it may be mutable. */
export function mutableCopy<T>(value: DeepReadonly<T>): T {
  return structuredClone(value) as T;
}
