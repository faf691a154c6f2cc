// Worker thread of createReadPool: registers the TypeScript loader, then runs the
// read worker (which imports the replica, the executor and EthereumJS from source).
import { register } from 'tsx/esm/api'

register()
await import('./runReadWorker.ts')
