// Worker thread of createVerifierPool: registers the TypeScript loader, then
// runs the verifier (which imports the executor and EthereumJS from source).
import { register } from 'tsx/esm/api'

register()
await import('./runVerifierWorker.ts')
