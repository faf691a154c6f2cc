import { randomBytes } from 'node:crypto'
import { InvalidParamsError, LimitExceededError } from '../errors/index.ts'
import type { ConnectionSubscriptions } from '../jsonrpc/index.ts'
import type { SubscriptionKinds } from './SubscriptionKind.ts'

/** How the registry reaches the transport: topic publish (uWS) and per-socket topic membership. */
export type TopicBus = { publish(topic: string, message: string): void }
export type TopicMember = { subscribe(topic: string): void; unsubscribe(topic: string): void }

/** Subscribers sharing one kind and filter: one serialized result per event. */
export type Channel = {
  readonly kind: string
  readonly key: string
  readonly filter: unknown
  /** Distinguishes channels in subscription ids. */
  readonly number: number
  /** `slots[i]` counts connections whose i-th concurrent subscription to this channel is live. */
  readonly slots: number[]
  readonly ids: string[]
}

export type SubscriptionRegistry = {
  connect(member: TopicMember): ConnectionSubscriptions
  /** Live channels of a kind, for producers that filter per channel (logs). */
  channels(kind: string): readonly Channel[]
  /** Serializes `result` once and publishes it to every subscriber of the channel. */
  publish(channel: Channel, result: unknown): void
  /** `publish` to every channel of an unfiltered kind; skips serializing when nobody listens. */
  publishKind(kind: string, result: unknown): void
  /** Live subscriptions in total. */
  count(): number
}

/**
 * Subscriptions with fan-out by topic. A subscription's id is also its uWS
 * topic and is derived from (channel, slot): every connection's first
 * subscription to a channel gets the same id, so a notification — whose JSON
 * names the id — is serialized once per slot rather than once per subscriber.
 * Ids only need to be unique within a connection; slots keep them unique when
 * one connection subscribes to the same channel twice (viem keys listeners by id).
 */
export function createSubscriptionRegistry(options: {
  kinds: SubscriptionKinds
  bus: TopicBus
  maxPerConnection: number
}): SubscriptionRegistry {
  const { kinds, bus, maxPerConnection } = options
  const salt = randomBytes(8).toString('hex')
  const byKey = new Map<string, Channel>()
  const byKind = new Map<string, Channel[]>()
  let nextChannel = 1
  let total = 0

  function channelFor(kind: string, key: string, filter: unknown): Channel {
    const mapKey = `${kind}\u0000${key}`
    let channel = byKey.get(mapKey)
    if (!channel) {
      channel = { kind, key, filter, number: nextChannel++, slots: [], ids: [] }
      byKey.set(mapKey, channel)
      const list = byKind.get(kind) ?? []
      list.push(channel)
      byKind.set(kind, list)
    }
    return channel
  }

  function idOf(channel: Channel, slot: number): string {
    while (channel.ids.length <= slot) {
      // Fixed width, so ids look like geth's 16-byte ids.
      const n = channel.number.toString(16).padStart(12, '0')
      channel.ids.push(`0x${salt}${n}${channel.ids.length.toString(16).padStart(4, '0')}`)
    }
    return channel.ids[slot]
  }

  function release(channel: Channel, slot: number): void {
    channel.slots[slot]--
    total--
    if (channel.slots.some((n) => n > 0)) return
    byKey.delete(`${channel.kind}\u0000${channel.key}`)
    const list = byKind.get(channel.kind)!
    list.splice(list.indexOf(channel), 1)
  }

  function connect(member: TopicMember): ConnectionSubscriptions {
    const live = new Map<string, { channel: Channel; slot: number }>()
    return {
      get size() {
        return live.size
      },
      subscribe(kind, params) {
        if (!Object.hasOwn(kinds, kind)) {
          throw new InvalidParamsError(`unknown subscription kind ${JSON.stringify(kind.slice(0, 48))}`)
        }
        if (live.size >= maxPerConnection) {
          throw new LimitExceededError('subscriptions on this connection', live.size + 1, maxPerConnection)
        }
        const { key, filter } = kinds[kind].parse(params)
        const channel = channelFor(kind, key, filter)
        let slot = 0
        while (live.has(idOf(channel, slot))) slot++
        const id = idOf(channel, slot)
        channel.slots[slot] = (channel.slots[slot] ?? 0) + 1
        total++
        live.set(id, { channel, slot })
        member.subscribe(id)
        return id
      },
      unsubscribe(id) {
        const entry = live.get(id)
        if (!entry) return false
        live.delete(id)
        member.unsubscribe(id)
        release(entry.channel, entry.slot)
        return true
      },
      clear() {
        // The socket is gone, so its topic memberships went with it; only counts remain.
        for (const { channel, slot } of live.values()) release(channel, slot)
        live.clear()
      },
    }
  }

  function publish(channel: Channel, result: unknown): void {
    let json: string | undefined
    for (let slot = 0; slot < channel.slots.length; slot++) {
      if (!(channel.slots[slot] > 0)) continue
      json ??= JSON.stringify(result)
      const id = channel.ids[slot]
      bus.publish(
        id,
        `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"${id}","result":${json}}}`,
      )
    }
  }

  return {
    connect,
    channels: (kind) => byKind.get(kind) ?? [],
    publish,
    publishKind(kind, result) {
      for (const channel of byKind.get(kind) ?? []) publish(channel, result)
    },
    count: () => total,
  }
}
