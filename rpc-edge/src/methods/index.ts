export { type BaseMethodsOptions, createBaseMethods } from './createBaseMethods.ts'
