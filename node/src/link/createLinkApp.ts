import uWS from 'uWebSockets.js'
import type { LinkTls } from '../config/index.ts'
import { LinkConfigError } from './errors.ts'

/**
 * The uWS app of a link server: plain (`ws://`), or TLS (`wss://`) with the
 * operator's certificate (its files already checked by `checkLinkConfig`).
 */
export function createLinkApp(tls: LinkTls | undefined): uWS.TemplatedApp {
  if (!tls) return uWS.App()
  try {
    return uWS.SSLApp({ cert_file_name: tls.certFile, key_file_name: tls.keyFile })
  } catch (error) {
    // uWS says only "App construction failed".
    throw new LinkConfigError(
      `the link's TLS certificate ${tls.certFile} and key ${tls.keyFile} are not a usable PEM pair`,
      { cause: error },
    )
  }
}
