// Worker thread of createBackgroundCompiler: registers the TypeScript loader, then runs the
// compile worker from source (the devnet's build bundles runCompileWorker.ts under this name).
import { register } from 'tsx/esm/api'

register()
await import('./runCompileWorker.ts')
