export { createFilterMethods, type FilterMethodsOptions } from './createFilterMethods.ts'
export {
  createFilterRegistry,
  type FilterRegistry,
  type FilterRegistryOptions,
  type InstalledLogFilter,
} from './createFilterRegistry.ts'
