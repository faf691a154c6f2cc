'use client'

import { useEffect, useRef, useState } from 'react'
import { encodeFunctionData, type Hex } from 'viem'
import { arenaAbi } from '../contracts/index.ts'
import { messageOf } from '../errors.ts'
import { callContract } from '../rpc/callContract.ts'
import { subscribeLogs } from '../rpc/subscribeLogs.ts'
import { type BotLease, type BotStatus, createBotLease } from '../shell/createBotLease.ts'
import { usePlayground } from '../shell/PlaygroundProvider.tsx'
import { shortHex } from '../shell/shortHex.ts'
import { ARENA_BOT_ACCOUNTS } from '../wallet/accountRoles.ts'
import { devAccount } from '../wallet/createDevWallet.ts'
import { type ArenaBots, createArenaBots, describeBotError } from './createArenaBots.ts'
import { type ArenaPlayer, applyArenaEvent, createArenaState, seedPlayers } from './createArenaState.ts'
import { BOARD_SIZE, CELL, colorOf, drawArena } from './drawArena.ts'

const KEYS: Record<string, number> = {
  ArrowUp: 0,
  w: 0,
  W: 0,
  ArrowDown: 1,
  s: 1,
  S: 1,
  ArrowLeft: 2,
  a: 2,
  A: 2,
  ArrowRight: 3,
  d: 3,
  D: 3,
}
// Fixed gas: a move is one round trip (no estimate); a hit with a long respawn probe stays under it.
const MOVE_GAS = 400_000n
const JOIN_GAS = 400_000n
const MAX_MOVES_IN_FLIGHT = 32
const BOT_STATUS_TEXT: Record<BotStatus, string> = {
  waiting: 'starting…',
  running: 'moving from this tab',
  elsewhere: 'running in another tab',
  stopped: 'stopped',
}

export function ArenaPage() {
  const { socket, signer, contracts, contractsError, timings, config } = usePlayground()
  const canvas = useRef<HTMLCanvasElement>(null)
  const [state] = useState(createArenaState)
  const [players, setPlayers] = useState<ArenaPlayer[]>([])
  const [lastMove, setLastMove] = useState<{ hash: Hex; receiptMs?: number; onScreenMs?: number }>()
  const [error, setError] = useState<string>()
  const [fps, setFps] = useState(0)
  // Moves sent by this tab, by hash: when the key went down, to time key → drawn.
  const awaiting = useRef(new Map<Hex, { pressedAt: number }>())
  const inFlight = useRef(0)
  const me = signer?.address.toLowerCase()
  const [botStatus, setBotStatus] = useState<BotStatus>('waiting')
  const [botError, setBotError] = useState<string>()
  const [botMoves, setBotMoves] = useState(0)
  const botLease = useRef<BotLease>(undefined)
  const [botAccounts, setBotAccounts] = useState<ReadonlySet<string>>(new Set())

  // Bot players wander the board while the page is open: one set of bots across tabs and browsers.
  useEffect(() => {
    if (!contracts) return
    // Derived after the first paint (tens of ms each), for the "(bot)" labels.
    setBotAccounts(new Set(ARENA_BOT_ACCOUNTS.map((i) => devAccount(i).address.toLowerCase())))
    let bots: ArenaBots | undefined
    let nonceErrors = 0
    const lease = createBotLease({
      name: `arena.${contracts.arena}`,
      socket,
      account: devAccount(ARENA_BOT_ACCOUNTS[0]).address,
      onStatus: setBotStatus,
      run: () => {
        nonceErrors = 0
        setBotError(undefined)
        const started = createArenaBots({
          socket,
          chainId: config.chainId,
          arena: contracts.arena,
          positionOf: (account) => state.players.get(account.toLowerCase()),
          onError: (error) => {
            const message = describeBotError(error)
            setBotError(message)
            if (/nonce/i.test(message) && ++nonceErrors >= 3) lease.conflict()
          },
        })
        bots = started
        return () => {
          started.stop()
          if (bots === started) bots = undefined
        }
      },
    })
    botLease.current = lease
    const timer = setInterval(() => bots && setBotMoves(bots.moves()), 500)
    return () => {
      clearInterval(timer)
      lease.close()
      botLease.current = undefined
    }
  }, [socket, contracts, config.chainId, state])

  // The feed: seed from players(), then apply each mini-block's events as they arrive.
  useEffect(() => {
    if (!contracts) return
    let stopped = false
    const unsubscribe = subscribeLogs(socket, { address: contracts.arena, abi: arenaAbi }, (logs) => {
      const now = performance.now()
      for (const { eventName, args, log } of logs)
        applyArenaEvent(state, eventName, args, log.transactionHash, now)
    })
    callContract(socket, { address: contracts.arena, abi: arenaAbi, functionName: 'players' })
      .then((list) => !stopped && seedPlayers(state, list))
      .catch((cause) => setError(messageOf(cause)))
    return () => {
      stopped = true
      unsubscribe()
    }
  }, [socket, contracts, state])

  // The 60 fps loop: draw every frame; a move counts as on screen in the first frame after its events.
  useEffect(() => {
    // The canvas mounts once the contracts are known.
    const ctx = contracts ? canvas.current?.getContext('2d') : undefined
    if (!ctx) return
    let frame = 0
    let frames = 0
    let fpsSince = performance.now()
    let drawnVersion = -1
    const loop = (now: number) => {
      drawArena(ctx, state, me, now)
      frames++
      if (now - fpsSince >= 1_000) {
        setFps(Math.round((frames * 1_000) / (now - fpsSince)))
        frames = 0
        fpsSince = now
      }
      if (state.version !== drawnVersion) {
        drawnVersion = state.version
        // This frame draws the visitor's last move: the readout's "on screen".
        const last = timings.latest()?.hash
        if (last && state.seen.has(last)) timings.shown(last, now)
        setPlayers(
          [...state.players.values()].sort((a, b) => b.score - a.score || a.account.localeCompare(b.account)),
        )
        for (const [hash, move] of awaiting.current) {
          if (!state.seen.has(hash)) continue
          awaiting.current.delete(hash)
          setLastMove((last) => ({
            ...(last?.hash === hash ? last : { hash }),
            onScreenMs: now - move.pressedAt,
          }))
        }
      }
      frame = requestAnimationFrame(loop)
    }
    frame = requestAnimationFrame(loop)
    const removeView = timings.addView()
    return () => {
      cancelAnimationFrame(frame)
      removeView()
    }
  }, [state, me, contracts, timings])

  async function send(data: Hex, gas: bigint, pressedAt: number) {
    if (!signer || !contracts) return
    if (inFlight.current >= MAX_MOVES_IN_FLIGHT) return
    inFlight.current++
    try {
      // Registered as it leaves: the feed may deliver the move's events before its receipt.
      const sent = await signer.send(
        { to: contracts.arena, data, gas },
        {
          onSigned: (hash) => {
            awaiting.current.set(hash, { pressedAt })
            if (awaiting.current.size > 64) awaiting.current.delete(awaiting.current.keys().next().value!)
          },
        },
      )
      if (sent.receipt.status !== '0x1') {
        awaiting.current.delete(sent.hash)
        setError('move reverted (the edge of the board, or not joined)')
      } else setError(undefined)
      const receiptMs = sent.receivedAt - pressedAt
      setLastMove((last) =>
        last?.hash === sent.hash ? { ...last, receiptMs } : { hash: sent.hash, receiptMs },
      )
    } catch (cause) {
      setError(messageOf(cause))
    } finally {
      inFlight.current--
    }
  }
  const sendRef = useRef(send)
  sendRef.current = send

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const direction = KEYS[event.key]
      const target = event.target as HTMLElement | null
      if (direction === undefined || target?.tagName === 'INPUT' || target?.tagName === 'TEXTAREA') return
      event.preventDefault()
      const data = encodeFunctionData({ abi: arenaAbi, functionName: 'move', args: [direction] })
      void sendRef.current(data, MOVE_GAS, performance.now())
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const joined = me !== undefined && players.some((p) => p.account.toLowerCase() === me)
  if (!contracts)
    return (
      <p className="muted">{contractsError ? `Contracts: ${contractsError}` : 'Loading the contracts…'}</p>
    )
  return (
    <div className="grid">
      <div className="panel">
        <canvas
          ref={canvas}
          width={BOARD_SIZE * CELL}
          height={BOARD_SIZE * CELL}
          data-testid="arena-canvas"
        />
      </div>
      <div className="panel">
        <div className="row">
          {joined ? (
            <button
              type="button"
              data-testid="arena-leave"
              onClick={() =>
                send(
                  encodeFunctionData({ abi: arenaAbi, functionName: 'leave' }),
                  JOIN_GAS,
                  performance.now(),
                )
              }
            >
              Leave
            </button>
          ) : (
            <button
              type="button"
              data-testid="arena-join"
              disabled={!signer}
              onClick={() =>
                send(encodeFunctionData({ abi: arenaAbi, functionName: 'join' }), JOIN_GAS, performance.now())
              }
            >
              Join
            </button>
          )}
          <span className="muted">Arrow keys or WASD move (one transaction per key press). {fps} fps</span>
        </div>
        {lastMove && (
          <p className="muted" data-testid="arena-latency">
            last move:{' '}
            {lastMove.receiptMs !== undefined && `receipt ${lastMove.receiptMs.toFixed(1)} ms after the key`}
            {lastMove.onScreenMs !== undefined &&
              `, drawn ${lastMove.onScreenMs.toFixed(1)} ms after the key`}
          </p>
        )}
        {error && <p className="error">{error}</p>}
        <div className="row">
          <span>
            Bot players ({ARENA_BOT_ACCOUNTS.length}, dev accounts #{ARENA_BOT_ACCOUNTS[0]}–#
            {ARENA_BOT_ACCOUNTS.at(-1)}):{' '}
            <span className="muted" data-testid="arena-bots-status" data-status={botStatus}>
              {BOT_STATUS_TEXT[botStatus]}
              {botStatus === 'running' ? `, ${botMoves} moves` : ''}
            </span>
          </span>
          {botStatus === 'stopped' ? (
            <button type="button" onClick={() => botLease.current?.start()} data-testid="arena-bots-start">
              Start bots
            </button>
          ) : (
            <button type="button" onClick={() => botLease.current?.stop()} data-testid="arena-bots-stop">
              Stop bots
            </button>
          )}
        </div>
        {botError && botStatus === 'running' && <p className="muted">bots: {botError}</p>}
        <h2>Players</h2>
        <table>
          <tbody>
            {players.map((p) => (
              <tr
                key={p.account}
                data-testid="arena-player"
                data-account={p.account.toLowerCase()}
                data-bot={botAccounts.has(p.account.toLowerCase()) ? 'yes' : 'no'}
              >
                <td>
                  <span style={{ color: colorOf(p.account.toLowerCase()) }}>■</span> {shortHex(p.account)}
                  {p.account.toLowerCase() === me ? ' (you)' : ''}
                  {botAccounts.has(p.account.toLowerCase()) ? ' (bot)' : ''}
                </td>
                <td data-testid="arena-position">
                  {p.x},{p.y}
                </td>
                <td>score {p.score}</td>
                <td data-testid="arena-moves">{p.moves} moves</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
