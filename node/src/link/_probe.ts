import uWS from 'uWebSockets.js'
import WebSocket from 'ws'
export const a: typeof uWS.App = uWS.App
export const b = WebSocket.OPEN
