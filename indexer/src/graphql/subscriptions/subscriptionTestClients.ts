// Test clients for the GraphQL subscriptions: graphql-ws over a real WebSocket, SSE over a real fetch. Not public.

import { createClient } from 'graphql-ws'
import WebSocket from 'ws'

type ResultError = { message: string; extensions?: { code?: string } }
/** What a subscription has delivered so far. */
export type Received<T> = {
  data: T[]
  errors: ResultError[]
  readonly completed: boolean
  close(): Promise<void>
}

export const wsUrlOf = (httpUrl: string) => httpUrl.replace(/^http/, 'ws')

/** Subscribes over graphql-ws (one client per subscription, so each is its own connection). */
export function subscribeWs<T>(
  httpUrl: string,
  query: string,
  variables?: Record<string, unknown>,
): Received<T> {
  const client = createClient({
    url: wsUrlOf(httpUrl),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
  })
  let completed = false
  const received: Received<T> = {
    data: [],
    errors: [],
    get completed() {
      return completed
    },
    close: () => client.dispose() as Promise<void>,
  }
  client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.data) received.data.push(result.data as T)
        if (result.errors) received.errors.push(...(result.errors as ResultError[]))
      },
      error: (error) => {
        received.errors.push({ message: String((error as Error)?.message ?? error) })
        completed = true
      },
      complete: () => {
        completed = true
      },
    },
  )
  return received
}

/** Subscribes over SSE (yoga's `text/event-stream` over POST). */
export function subscribeSse<T>(
  httpUrl: string,
  query: string,
  variables?: Record<string, unknown>,
): Received<T> {
  const abort = new AbortController()
  let completed = false
  const received: Received<T> = {
    data: [],
    errors: [],
    get completed() {
      return completed
    },
    async close() {
      abort.abort()
      await reading.catch(() => {})
    },
  }
  const reading = (async () => {
    const response = await fetch(httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query, variables }),
      signal: abort.signal,
    })
    if (!response.body) throw new Error(`no SSE body (status ${response.status})`)
    const decoder = new TextDecoder()
    let buffer = ''
    const reader = response.body.getReader()
    for (;;) {
      const { value: chunk, done } = await reader.read()
      if (done) break
      buffer += decoder.decode(chunk, { stream: true })
      let end = buffer.indexOf('\n\n')
      while (end >= 0) {
        const message = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        end = buffer.indexOf('\n\n')
        const event = /^event: (.*)$/m.exec(message)?.[1]
        const data = message
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n')
        if (event === 'complete') completed = true
        if (event !== 'next' || !data) continue
        const result = JSON.parse(data) as { data?: T; errors?: ResultError[] }
        if (result.data) received.data.push(result.data)
        if (result.errors) received.errors.push(...result.errors)
      }
    }
    completed = true
  })()
  reading.catch((error) => {
    if (!abort.signal.aborted) received.errors.push({ message: String(error) })
    completed = true
  })
  return received
}
