import type uWS from 'uWebSockets.js'

/** uSockets' LIBUS_LISTEN_EXCLUSIVE_PORT: bind without SO_REUSEPORT. */
const EXCLUSIVE_PORT = 1

type ListenWithOptions = (
  host: string,
  port: number,
  options: number,
  cb: (socket: uWS.us_listen_socket | false) => void,
) => uWS.TemplatedApp

/**
 * Listens on `host:port` alone. uWebSockets.js binds with SO_REUSEPORT by
 * default, so a second server on a busy port "succeeds" and the kernel splits
 * connections between the two processes (a second devnet would silently serve
 * half of the first one's clients). Resolves with the listen socket, or false
 * when the port is taken. (The typings lack the host + options overload the
 * binding accepts.)
 */
export function listenExclusive(
  app: uWS.TemplatedApp,
  host: string,
  port: number,
): Promise<uWS.us_listen_socket | false> {
  return new Promise((resolve) => {
    ;(app.listen as unknown as ListenWithOptions).call(app, host, port, EXCLUSIVE_PORT, resolve)
  })
}
