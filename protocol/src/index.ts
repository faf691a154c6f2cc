export * from './errors/index.ts'
export type * from './types/index.ts'
export * from './chain/index.ts'
export * from './codec/index.ts'
