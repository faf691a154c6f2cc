export {
  type BackgroundCompiler,
  type BackgroundCompilerOptions,
  createBackgroundCompiler,
} from './createBackgroundCompiler.ts'
export { type CompiledCodeCache, createCompiledCodeCache } from './createCompiledCodeCache.ts'
export { CompiledCodeError } from './errors.ts'
export {
  type CompilerOptions,
  type CompilerStats,
  createCompilerStats,
  installCompiler,
} from './installCompiler.ts'
export { registerSyncStorage, type SyncStorage } from './nativeStorage.ts'
