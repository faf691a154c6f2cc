import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningPlayground, resultsDir, startPlayground } from './startPlayground.ts'

let playground: RunningPlayground | undefined
const pages: Page[] = []

beforeAll(async () => {
  // PLAYGROUND_REUSE_BUILD=1 serves an existing .next-test build (only the tests changed).
  playground = await startPlayground({ reuseBuild: process.env.PLAYGROUND_REUSE_BUILD === '1' })
}, 200_000)

afterAll(async () => {
  await playground?.stop()
}, 30_000)

/**
 * A page of the playground as dev account `account` (a fresh browser context each). Its bots stay
 * off (`?bots=off`) unless `bots`, so the tests of one feature are not moved by another's bots.
 */
async function open(path: string, account: number, { bots = false } = {}): Promise<Page> {
  const page = await playground!.browser.newPage({ viewport: { width: 1400, height: 1000 } })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  pages.push(page)
  await page.goto(`${playground!.url}${path}?account=${account}${bots ? '' : '&bots=off'}`)
  Object.assign(page, { pageErrors: errors })
  return page
}

/** Waits for the UI, never times it: a slow shared machine only makes the test slower. */
const POLL = { timeout: 20_000, interval: 100 }
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true })
/** Whether `read()` gives the same number 2.5 s apart (a stopped bot's count holds). */
async function unchangedFor(page: Page, read: () => Promise<number>): Promise<boolean> {
  const before = await read()
  await page.waitForTimeout(2_500)
  return (await read()) === before
}
const STOPS = { timeout: 30_000, interval: 0 }
const pageErrors = (page: Page) => (page as Page & { pageErrors: string[] }).pageErrors

describe('playground in Chromium against a real devnet', () => {
  it('order book: limit orders rest on the ladder, cancel, a market order trades, the bot quotes', {
    timeout: 120_000,
  }, async () => {
    const maker = await open('/orderbook', 1)
    const taker = await open('/orderbook', 2)
    for (const page of [maker, taker]) await page.locator('[data-testid=limit-buy]:not([disabled])').waitFor()

    // On the fresh devnet's empty book a market sell reverts, and the page says which custom error.
    await taker.fill('[data-testid=order-size]', '1')
    await taker.click('[data-testid=market-sell]')
    await taker.locator('[data-testid=order-error]', { hasText: 'NoLiquidity' }).waitFor()

    // A bid rests at 12.34 and shows as the account's open order; cancelling removes both.
    await maker.fill('[data-testid=order-price]', '12.34')
    await maker.fill('[data-testid=order-size]', '7')
    await maker.click('[data-testid=limit-buy]')
    const bid = maker.locator('[data-testid=open-order]', { hasText: '12.34' })
    await bid.waitFor()
    await expect
      .poll(() => maker.locator('[data-testid=bid-level]', { hasText: '12.34' }).count(), POLL)
      .toBe(1)
    // The readout in the header times the visitor's last action: send → receipt → on screen.
    await maker.locator('[data-testid=action-readout]', { hasText: 'placeLimit' }).waitFor()
    await expect
      .poll(() => maker.locator('[data-testid=readout-screen]').textContent(), POLL)
      .toMatch(/^[\d.]+ ms$/)
    expect(await maker.locator('[data-testid=readout-receipt]').textContent()).toMatch(/^[\d.]+ ms$/)
    await shot(maker, 'orderbook-resting')
    await bid.locator('[data-testid=cancel-order]').click()
    await bid.waitFor({ state: 'detached' })
    await expect
      .poll(() => maker.locator('[data-testid=bid-level]', { hasText: '12.34' }).count(), POLL)
      .toBe(0)

    // An ask from the maker, lifted by the taker's market buy: the trade reaches both tapes.
    await maker.fill('[data-testid=order-price]', '31.50')
    await maker.fill('[data-testid=order-size]', '5')
    await maker.click('[data-testid=limit-sell]')
    await maker.locator('[data-testid=open-order]', { hasText: '31.50' }).waitFor()
    await taker.locator('[data-testid=ask-level]', { hasText: '31.50' }).waitFor()
    await taker.fill('[data-testid=order-size]', '2')
    await taker.click('[data-testid=market-buy]')
    await taker.locator('[data-testid=trade]', { hasText: '31.50' }).first().waitFor()
    await maker.locator('[data-testid=trade]', { hasText: '31.50' }).first().waitFor()
    // The maker's order is partly filled: 3 of 5 lots left.
    await maker.locator('[data-testid=open-order]', { hasText: '3 / 5' }).waitFor()
    expect(await taker.locator('[data-testid=last-action]').textContent()).toContain('market buy')

    // The market-maker bot quotes from its own account until stopped.
    await taker.click('[data-testid=bot-start]')
    await expect
      .poll(
        async () =>
          Number(
            /^(\d+) quotes/.exec((await taker.locator('[data-testid=bot-stats]').textContent()) ?? '')?.[1],
          ),
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThan(3)
    await taker.click('[data-testid=bot-stop]')
    await expect.poll(() => taker.locator('[data-testid=bid-level]').count(), POLL).toBeGreaterThan(0)
    await shot(taker, 'orderbook-bot')
    expect([...pageErrors(maker), ...pageErrors(taker)]).toEqual([])
  })

  it('arena: two pages join and each sees the other move', { timeout: 90_000 }, async () => {
    const one = await open('/arena', 3)
    const two = await open('/arena', 4)
    for (const page of [one, two]) {
      await page.bringToFront()
      await page.click('[data-testid=arena-join]')
      await page.locator('[data-testid=arena-leave]').waitFor()
    }
    // Up then down: at least one of them is on the board, whatever the spawn cell.
    for (const [page, other] of [
      [two, one],
      [one, two],
    ] as const) {
      await page.bringToFront()
      await page.keyboard.press('ArrowUp')
      await page.keyboard.press('s')
      const account = await page
        .locator('[data-testid=arena-player]', { hasText: '(you)' })
        .getAttribute('data-account')
      await other.bringToFront()
      const seen = other.locator(
        `[data-testid=arena-player][data-account="${account}"] [data-testid=arena-moves]`,
      )
      await expect
        .poll(async () => Number.parseInt((await seen.textContent()) ?? '', 10), { timeout: 20_000 })
        .toBeGreaterThan(0)
    }
    await one.bringToFront()
    await one.locator('[data-testid=arena-latency]', { hasText: 'drawn' }).waitFor()
    await shot(one, 'arena')
    expect([...pageErrors(one), ...pageErrors(two)]).toEqual([])
  })

  it('latency lab: a run of ERC-20 transfers completes with every receipt and every on-screen arrival', {
    timeout: 90_000,
  }, async () => {
    const lab = await open('/latency', 5)
    await lab.bringToFront()
    await lab.selectOption('[data-testid=lab-kind]', 'erc20')
    await lab.fill('[data-testid=lab-count]', '60')
    await lab.fill('[data-testid=lab-rate]', '120')
    await lab.click('[data-testid=lab-run]:not([disabled])')
    await lab.locator('[data-testid=lab-status]', { hasText: 'done' }).waitFor({ timeout: 60_000 })
    const lastError = await lab.locator('[data-testid=lab-error]').allTextContents()
    expect(await lab.locator('[data-testid=lab-counts]').textContent(), lastError.join()).toBe(
      '60 / 60 / 60 / 0',
    )
    expect(await lab.locator('[data-testid=lab-receipt]').textContent()).toMatch(/^[\d.]+ ms \/ [\d.]+ ms$/)
    expect(await lab.locator('[data-testid=lab-screen]').textContent()).toMatch(/^[\d.]+ ms \/ [\d.]+ ms$/)
    // The on-screen time in the page's hops: signing before the clock, send → feed, feed → frame.
    expect(await lab.locator('[data-testid=lab-hops]').textContent()).toMatch(
      /^sign [\d.]+ ms · feed [\d.]+ ms \/ [\d.]+ ms · frame [\d.]+ ms \/ [\d.]+ ms$/,
    )
    // Offered and achieved rates are named apart; the header readout follows the run.
    expect(await lab.locator('[data-testid=lab-achieved]').textContent()).toMatch(/^120 tx\/s \/ \d+ tx\/s$/)
    expect(await lab.locator('[data-testid=action-readout]').textContent()).toContain(
      'lab run (60 sent, done)',
    )
    expect(await lab.locator('[data-testid=readout-screen]').textContent()).toMatch(/^[\d.]+ ms$/)
    await shot(lab, 'latency-lab')
    expect(pageErrors(lab)).toEqual([])
  })

  it('a first visitor sees a live market and bot players without a click, and can stop both', {
    timeout: 120_000,
  }, async () => {
    // The order book: the market-maker bot quotes on its own (its account is quiet, so this tab runs it).
    const book = await open('/orderbook', 10, { bots: true })
    await book.locator('[data-testid=bot-status][data-status=running]').waitFor({ timeout: 30_000 })
    const quotes = async () =>
      Number(
        /^(\d+) quotes/.exec((await book.locator('[data-testid=bot-stats]').textContent()) ?? '')?.[1] ?? 0,
      )
    await expect.poll(quotes, { timeout: 30_000 }).toBeGreaterThan(3)
    await expect.poll(() => book.locator('[data-testid=bid-level]').count(), POLL).toBeGreaterThan(0)
    await expect.poll(() => book.locator('[data-testid=ask-level]').count(), POLL).toBeGreaterThan(0)
    await shot(book, 'first-visit-orderbook')
    await book.click('[data-testid=bot-stop]')
    await book.locator('[data-testid=bot-status][data-status=stopped]').waitFor()
    // Sends already in flight may still land (slowly, on a busy machine); then the count holds.
    await expect.poll(() => unchangedFor(book, quotes), STOPS).toBe(true)
    await book.locator('[data-testid=bot-start]').waitFor()

    // The arena: bot players join and move on their own.
    const arena = await open('/arena', 11, { bots: true })
    await arena.bringToFront()
    const bots = arena.locator('[data-testid=arena-player][data-bot=yes]')
    await expect.poll(() => bots.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2)
    const botMoves = async () => {
      let total = 0
      for (const text of await bots.locator('[data-testid=arena-moves]').allTextContents())
        total += Number.parseInt(text, 10) || 0
      return total
    }
    const before = await botMoves()
    await expect.poll(botMoves, { timeout: 20_000 }).toBeGreaterThan(before + 3)
    await shot(arena, 'first-visit-arena')

    // The visitor's own action gets the readout: join, then its receipt and its paint, in ms.
    await arena.click('[data-testid=arena-join]')
    await arena.locator('[data-testid=action-readout]', { hasText: 'join' }).waitFor()
    await expect
      .poll(() => arena.locator('[data-testid=readout-screen]').textContent(), POLL)
      .toMatch(/^[\d.]+ ms$/)
    expect(await arena.locator('[data-testid=readout-receipt]').textContent()).toMatch(/^[\d.]+ ms$/)

    await arena.click('[data-testid=arena-bots-stop]')
    await arena.locator('[data-testid=arena-bots-status][data-status=stopped]').waitFor()
    await expect.poll(() => unchangedFor(arena, botMoves), STOPS).toBe(true)
    expect([...pageErrors(book), ...pageErrors(arena)]).toEqual([])
    await Promise.all([book.close(), arena.close()])
  })

  it('your contract: compile pasted Solidity in a worker, deploy it, call it and see its events', {
    timeout: 120_000,
  }, async () => {
    const page = await open('/contract', 6)
    await page.bringToFront()
    await page.fill(
      '[data-testid=byoc-source]',
      `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
contract Greeter {
    string public greeting;
    uint256 public times;
    event Greeted(address indexed by, string greeting, uint256 times);
    constructor(string memory first) { greeting = first; }
    function greet(string calldata next) external { greeting = next; times += 1; emit Greeted(msg.sender, next, times); }
}`,
    )
    await page.click('[data-testid=byoc-compile]')
    await page
      .locator('[data-testid=byoc-status]', { hasText: 'compiled with solc 0.8.28' })
      .waitFor({ timeout: 60_000 })
    await page.fill('[data-testid=byoc-ctor-arg-0]', 'hello')
    await page.click('[data-testid=byoc-deploy]')
    await page.locator('[data-testid=byoc-address]').waitFor()
    await page.click('[data-testid=fn-greeting-run]')
    await expect
      .poll(() => page.locator('[data-testid=fn-greeting-result]').textContent(), POLL)
      .toBe('"hello"')
    await page.fill('[data-testid=fn-greet-arg-0]', 'rtevm')
    await page.click('[data-testid=fn-greet-run]')
    await page.locator('[data-testid=fn-greet-result]', { hasText: 'ok' }).waitFor()
    await page.locator('[data-testid=byoc-event]', { hasText: 'Greeted' }).waitFor()
    expect(await page.locator('[data-testid=byoc-event]').first().textContent()).toContain(
      '"greeting":"rtevm"',
    )
    await page.click('[data-testid=fn-times-run]')
    await expect.poll(() => page.locator('[data-testid=fn-times-result]').textContent(), POLL).toBe('"1"')

    // A compile error is shown, not thrown.
    await page.fill('[data-testid=byoc-source]', 'contract Broken { function f( }')
    await page.click('[data-testid=byoc-compile]')
    await page.locator('[data-testid=byoc-error]', { hasText: 'ParserError' }).waitFor()
    await shot(page, 'your-contract')
    expect(pageErrors(page)).toEqual([])
  })
})
