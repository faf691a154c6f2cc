import { randomBytes } from 'node:crypto'
import { InvalidParamsError, LimitExceededError } from '../errors/index.ts'
import type { ConnectionSubscriptions } from '../jsonrpc/index.ts'
import { type Coalesced, type CoalescingBuffer, createCoalescingBuffer } from './createCoalescingBuffer.ts'
import type { SubscriptionReplay } from './createSubscriptionReplay.ts'
import { coalescedFrame, notificationFrame } from './notificationFrame.ts'
import { type PreparedReplay, prepareReplay } from './prepareReplay.ts'
import type { SubscriptionKinds } from './SubscriptionKind.ts'

/**
 * How the registry reaches the transport: topic publish (uWS), per-socket
 * topic membership, and a message to one socket (a replay).
 */
export type TopicBus = { publish(topic: string, message: string): void }
export type TopicMember = {
  subscribe(topic: string): void
  unsubscribe(topic: string): void
  send(message: string): void
}

/** Subscribers sharing one kind, filter and delivery: one serialized result per event. */
export type Channel = {
  readonly kind: string
  readonly key: string
  readonly filter: unknown
  /** The kind's key for the filter alone: channels of one kind with equal `resultKey` get equal results. */
  readonly resultKey: string
  /** `coalesceMs` of its subscribers; 0: one notification per result. */
  readonly coalesceMs: number
  /** Distinguishes channels in subscription ids. */
  readonly number: number
  /** `slots[i]` counts connections whose i-th concurrent subscription to this channel is live. */
  readonly slots: number[]
  readonly ids: string[]
}

/**
 * A connection's subscriptions as its transport sees them: `backlog` is told
 * the socket's unsent bytes (after a write, on drain, at each sweep) and
 * answers the connection's whole backlog, those bytes plus the results held
 * for it while it is behind (see the registry).
 */
export type SubscriberConnection = ConnectionSubscriptions & { backlog(unsentBytes: number): number }

export type SubscriptionRegistry = {
  connect(member: TopicMember): SubscriberConnection
  /** Live channels of a kind, for producers that filter per channel (logs). */
  channels(kind: string): readonly Channel[]
  /**
   * Serializes `result` once and publishes it to every subscriber of the channel, with the
   * mini-block it comes from (`params.miniBlock`, beside `result`).
   */
  publish(channel: Channel, result: unknown, miniBlock: bigint): void
  /** Serializes a result (counted in `stats().encoded`), for a producer that shares it between channels. */
  encode(result: unknown): string
  /** `publish` of a result `encode` already serialized. */
  publishEncoded(channel: Channel, json: string, miniBlock: bigint): void
  /** `publish` to every channel of an unfiltered kind; skips serializing when nobody listens. */
  publishKind(kind: string, result: unknown, miniBlock: bigint): void
  /**
   * The edge is behind the stream: until this event-loop turn ends, results of gatherable
   * channels are gathered, then each channel sends one frame per subscriber (coalesced when it
   * gathered more than one result), so a burst of stale mini-blocks costs one frame each, not one per mini-block.
   */
  gatherThisTurn(): void
  /** Sends what was gathered now (before a rewind's notifications, which must follow it). */
  flushGathered(): void
  /** Live subscriptions in total. */
  count(): number
  /** Results serialized, coalesced frames sent, and connections held back (behind) now. */
  stats(): { encoded: number; coalescedFrames: number; heldConnections: number; gatheredTurns: number }
}

/** One live subscription of one connection: `joined` once past its replay; `held` while the connection is behind. */
type Subscription = { id: string; channel: LiveChannel; slot: number; joined: boolean; held?: Held }
type Held = { results: string[]; bytes: number; newest: bigint }
type LiveChannel = Channel & {
  /** Results may be gathered while the edge is behind (`gatherThisTurn`). */
  readonly gatherable: boolean
  /** Its subscriptions held back, which get its results appended instead of published. */
  readonly held: Set<Subscription>
  readonly buffer?: CoalescingBuffer
}

/**
 * Subscriptions with fan-out by topic. A subscription's id is also its uWS
 * topic and is derived from (channel, slot): every connection's first
 * subscription to a channel gets the same id, so a notification — whose JSON
 * names the id — is serialized once per slot rather than once per subscriber.
 * Ids only need to be unique within a connection; slots keep them unique when
 * one connection subscribes to the same channel twice (viem keys listeners by id).
 *
 * A subscription with `fromMiniBlock` is refused unless its replay fits
 * `maxReplayBytes`; it joins its topic only after its replay: both happen in
 * one synchronous step once its id is written, so no mini-block is applied in
 * between. The replay covers up to the newest mini-block, the topic every
 * later one: no gap and no duplicate. Notifications of mini-blocks applied
 * between the answer and the reply (an async dispatch) follow the prepared
 * ones: the chain only appends, so they are the replay's tail.
 *
 * Coalescing. A `coalesceMs` subscription's channel (its key carries the
 * interval) gathers results and publishes one coalesced frame (see
 * notificationFrame) per interval; a subscriber joining it first flushes what
 * waits, so it never gets results older than itself. And a connection that
 * falls behind — more than `coalesceAtBytes` unsent — is not buffered until
 * its backpressure limit closes it: its subscriptions to `coalescible` kinds
 * leave their topics and their results are held (shared strings, not
 * copies); once its unsent bytes drop to a quarter of that, each gets one
 * coalesced frame of everything held, then rejoins its topic, in one
 * synchronous step: nothing lost, nothing twice, in order. Held results
 * count in the connection's backlog, so one that never reads still reaches
 * the limit and is closed.
 */
export function createSubscriptionRegistry(options: {
  kinds: SubscriptionKinds
  bus: TopicBus
  maxPerConnection: number
  /** History for `fromMiniBlock`; without it, resuming is refused. */
  replay?: SubscriptionReplay
  /** Most result bytes one replay, or one `coalesceMs` frame, may write at once (below the socket's backpressure limit). */
  maxReplayBytes?: number
  /** Unsent bytes past which a connection is behind and its coalescible subscriptions are held. */
  coalesceAtBytes?: number
}): SubscriptionRegistry {
  const { kinds, bus, maxPerConnection, replay } = options
  const maxReplayBytes = options.maxReplayBytes ?? 2 * 1024 * 1024
  const coalesceAt = options.coalesceAtBytes ?? 1024 * 1024
  const resumeAt = Math.floor(coalesceAt / 4)
  const salt = randomBytes(8).toString('hex')
  const byKey = new Map<string, LiveChannel>()
  const byKind = new Map<string, LiveChannel[]>()
  let nextChannel = 1
  let total = 0
  let encoded = 0
  let coalescedFrames = 0
  let heldConnections = 0
  let gatheredTurns = 0
  // Results gathered this turn per channel (`gatherThisTurn`), and whether a flush is scheduled.
  const gathered = new Map<LiveChannel, { results: string[]; newest: bigint }>()
  let gathering = false

  function channelFor(kind: string, resultKey: string, filter: unknown, coalesceMs: number): LiveChannel {
    const key = coalesceMs > 0 ? `${resultKey}\u0000coalesce ${coalesceMs}` : resultKey
    const mapKey = `${kind}\u0000${key}`
    let channel = byKey.get(mapKey)
    if (!channel) {
      const gatherable = coalesceMs === 0 && kinds[kind].gatherable?.(filter) === true
      const base = {
        kind,
        key,
        filter,
        resultKey,
        coalesceMs,
        gatherable,
        number: nextChannel++,
        slots: [],
        ids: [],
      }
      const held = new Set<Subscription>()
      const made: LiveChannel =
        coalesceMs > 0
          ? {
              ...base,
              held,
              buffer: createCoalescingBuffer({
                intervalMs: coalesceMs,
                maxBytes: maxReplayBytes,
                deliver: (due) => deliver(made, due),
              }),
            }
          : { ...base, held }
      channel = made
      byKey.set(mapKey, channel)
      const list = byKind.get(kind) ?? []
      list.push(channel)
      byKind.set(kind, list)
    }
    return channel
  }

  function idOf(channel: LiveChannel, slot: number): string {
    while (channel.ids.length <= slot) {
      // Fixed width, so ids look like geth's 16-byte ids.
      const n = channel.number.toString(16).padStart(12, '0')
      channel.ids.push(`0x${salt}${n}${channel.ids.length.toString(16).padStart(4, '0')}`)
    }
    return channel.ids[slot]
  }

  function release(channel: LiveChannel, slot: number): void {
    channel.slots[slot]--
    total--
    if (channel.slots.some((n) => n > 0)) return
    channel.buffer?.stop()
    gathered.delete(channel)
    byKey.delete(`${channel.kind}\u0000${channel.key}`)
    const list = byKind.get(channel.kind)!
    list.splice(list.indexOf(channel), 1)
  }

  function connect(member: TopicMember): SubscriberConnection {
    const live = new Map<string, Subscription>()
    let behind = false

    /** Joins the subscription's topic, or holds it while the connection is behind. */
    function join(sub: Subscription): void {
      // A coalescing channel's waiting (or gathered) results predate this subscriber: they go out first.
      sub.channel.buffer?.flush()
      flushChannel(sub.channel)
      sub.joined = true
      if (behind && kinds[sub.channel.kind].coalescible) {
        sub.held = { results: [], bytes: 0, newest: 0n }
        sub.channel.held.add(sub)
      } else member.subscribe(sub.id)
    }

    function hold(): void {
      behind = true
      heldConnections++
      for (const sub of live.values()) {
        // One still replaying is held when it joins.
        if (!sub.joined || !kinds[sub.channel.kind].coalescible) continue
        // Frames uWS already queued for this socket stay queued, ahead of what is held from now on.
        member.unsubscribe(sub.id)
        sub.held = { results: [], bytes: 0, newest: 0n }
        sub.channel.held.add(sub)
      }
    }

    function catchUp(): void {
      behind = false
      heldConnections--
      for (const sub of live.values()) {
        const { held } = sub
        if (!held) continue
        sub.held = undefined
        sub.channel.held.delete(sub)
        if (held.results.length > 0) {
          member.send(coalescedFrame(sub.id, held.newest, held.results.join(',')))
          coalescedFrames++
        }
        member.subscribe(sub.id)
      }
    }

    function drop(sub: Subscription): void {
      if (sub.held) sub.channel.held.delete(sub)
      release(sub.channel, sub.slot)
    }

    return {
      get size() {
        return live.size
      },
      subscribe(kind, params, afterReply) {
        if (!Object.hasOwn(kinds, kind)) {
          throw new InvalidParamsError(`unknown subscription kind ${JSON.stringify(kind.slice(0, 48))}`)
        }
        if (live.size >= maxPerConnection) {
          throw new LimitExceededError('subscriptions on this connection', live.size + 1, maxPerConnection)
        }
        const { key, filter, fromMiniBlock, coalesceMs = 0 } = kinds[kind].parse(params)
        let prepared: PreparedReplay | undefined
        if (fromMiniBlock !== undefined) {
          if (!replay) throw new InvalidParamsError('this server keeps no history to resume from')
          prepared = prepareReplay(replay, { kind, filter, fromMiniBlock }, maxReplayBytes)
        }
        const channel = channelFor(kind, key, filter, coalesceMs)
        let slot = 0
        while (live.has(idOf(channel, slot))) slot++
        const id = idOf(channel, slot)
        channel.slots[slot] = (channel.slots[slot] ?? 0) + 1
        total++
        const sub: Subscription = { id, channel, slot, joined: false }
        live.set(id, sub)
        if (!prepared || !replay || fromMiniBlock === undefined) {
          join(sub)
          return id
        }
        const { items, at } = prepared
        const send = () => {
          if (live.get(id) !== sub) return
          for (const item of items) member.send(notificationFrame(id, item.miniBlock, item.json))
          // Usually the chain has not moved since: the id is written in the tick it was made.
          const now = replay.position()
          if (now.miniBlock !== at.miniBlock || now.block !== at.block) {
            let skip = items.length
            for (const { miniBlock, result } of replay.notifications(kind, filter, fromMiniBlock)) {
              if (skip-- > 0) continue
              member.send(notificationFrame(id, miniBlock, JSON.stringify(result)))
            }
          }
          join(sub)
        }
        if (afterReply) afterReply(send)
        else send()
        return id
      },
      unsubscribe(id) {
        const sub = live.get(id)
        if (!sub) return false
        live.delete(id)
        if (sub.joined && !sub.held) member.unsubscribe(id)
        drop(sub)
        return true
      },
      clear() {
        // The socket is gone, so its topic memberships went with it; only counts remain.
        for (const sub of live.values()) drop(sub)
        live.clear()
        if (behind) heldConnections--
        behind = false
      },
      backlog(unsentBytes) {
        if (!behind && unsentBytes > coalesceAt) hold()
        else if (behind && unsentBytes <= resumeAt) catchUp()
        return behind ? unsentBytes + heldBytes(live) : unsentBytes
      },
    }
  }

  /** Hands results to a channel's subscribers: published on each slot's topic, appended for held ones. */
  function deliver(channel: LiveChannel, due: Coalesced): void {
    const joined = due.results.join(',')
    for (let slot = 0; slot < channel.slots.length; slot++) {
      if (!(channel.slots[slot] > 0)) continue
      const id = channel.ids[slot]
      bus.publish(id, coalescedFrame(id, due.newest, joined))
      coalescedFrames++
    }
    for (const sub of channel.held) appendHeld(sub, due.results, due.newest)
  }

  function appendHeld(sub: Subscription, results: readonly string[], newest: bigint): void {
    const held = sub.held!
    for (const json of results) {
      held.results.push(json)
      held.bytes += json.length
    }
    held.newest = newest
  }

  function encode(result: unknown): string {
    encoded++
    return JSON.stringify(result)
  }

  function publishEncoded(channel: Channel, json: string, miniBlock: bigint): void {
    const live = channel as LiveChannel
    if (live.buffer) {
      live.buffer.add(json, miniBlock)
      return
    }
    if (gathering && live.gatherable) {
      const due = gathered.get(live)
      if (due) {
        due.results.push(json)
        due.newest = miniBlock
      } else gathered.set(live, { results: [json], newest: miniBlock })
      return
    }
    publishPlain(live, json, miniBlock)
  }

  function publishPlain(live: LiveChannel, json: string, miniBlock: bigint): void {
    for (let slot = 0; slot < live.slots.length; slot++) {
      if (!(live.slots[slot] > 0)) continue
      const id = live.ids[slot]
      bus.publish(id, notificationFrame(id, miniBlock, json))
    }
    for (const sub of live.held) appendHeld(sub, [json], miniBlock)
  }

  /** A channel's gathered results: as they would have gone alone when there is one, else coalesced. */
  function flushChannel(channel: LiveChannel): void {
    const due = gathered.get(channel)
    if (!due) return
    gathered.delete(channel)
    if (due.results.length === 1) publishPlain(channel, due.results[0], due.newest)
    else deliver(channel, due)
  }

  function flushGathered(): void {
    gathering = false
    for (const channel of [...gathered.keys()]) flushChannel(channel)
  }

  function publish(channel: Channel, result: unknown, miniBlock: bigint): void {
    if (channel.slots.some((n) => n > 0)) publishEncoded(channel, encode(result), miniBlock)
  }

  return {
    connect,
    channels: (kind) => byKind.get(kind) ?? [],
    publish,
    encode,
    publishEncoded,
    publishKind(kind, result, miniBlock) {
      for (const channel of byKind.get(kind) ?? []) publish(channel, result, miniBlock)
    },
    count: () => total,
    gatherThisTurn() {
      if (gathering) return
      gathering = true
      gatheredTurns++
      setImmediate(flushGathered)
    },
    flushGathered,
    stats: () => ({ encoded, coalescedFrames, heldConnections, gatheredTurns }),
  }
}

/** Bytes of results held for a connection's subscriptions. */
function heldBytes(live: Map<string, Subscription>): number {
  let bytes = 0
  for (const sub of live.values()) bytes += sub.held?.bytes ?? 0
  return bytes
}
