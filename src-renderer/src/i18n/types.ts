/** Same shape as T, with every leaf a string: a translation must cover every key. */
export type DeepStringRecord<T> = { [K in keyof T]: T[K] extends string ? string : DeepStringRecord<T[K]> };
