import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, launchChromium } from '@rtevm/testkit'
import type { Browser, Page, Route } from 'playwright-core'
import type { Address, Hash } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as urls from '../src/urls.ts'
import { createDevChain } from './support/devChain.ts'
import { explorerDir, type Stack, startExplorer, startStack } from './support/startStack.ts'

// One real stack for the whole file: `next build`, the devnet (sequencer, full
// node, verifier, edge, indexer) on free ports, `next start`, Debian's Chromium.
const SCREENSHOTS = join(explorerDir, 'test-results')
const LIVE = { timeout: 1_000 } // the brief: sent transactions show on the home page within a second
const SETTLE = { timeout: 20_000 } // finality and page loads on a busy 2-core machine

let stack: Stack | undefined
let browser: Browser | undefined
let page: Page
let chain: ReturnType<typeof createDevChain>
/** Script errors and console errors of the main page (404 responses the test asks for are expected). */
const pageErrors: string[] = []

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(stack!.indexerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await response.json()) as { data: T; errors?: unknown[] }
  if (body.errors) throw new Error(JSON.stringify(body.errors))
  return body.data
}

async function open(path: string): Promise<number | undefined> {
  const response = await page.goto(`${stack!.explorerUrl}${path}`)
  return response?.status()
}

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

/**
 * Holds `tab`'s script requests until the returned release: its pages show what the server rendered
 * but do not hydrate, so nothing of theirs runs in the browser until then.
 */
async function holdScripts(tab: Page): Promise<() => Promise<void>> {
  const held: Route[] = []
  let holding = true
  await tab.route(
    (url) => url.pathname.endsWith('.js'),
    async (route) => {
      if (holding) held.push(route)
      else await route.continue()
    },
  )
  return async () => {
    holding = false
    await Promise.all(held.splice(0).map((route) => route.continue()))
  }
}

/** Submits the header's search box and waits until the browser lands on `pathname`. */
/** Submits the header's search box and waits for the page it should land on (after the redirect). */
async function search(query: string, expected: string): Promise<void> {
  await page.fill('input[name="q"]', query)
  await Promise.all([page.waitForNavigation(SETTLE), page.press('input[name="q"]', 'Enter')])
  if (expected === '/search') await page.locator('[data-testid="search-page"]').waitFor(SETTLE)
  else await page.waitForURL((url) => url.pathname === expected, SETTLE)
  expect(new URL(page.url()).pathname).toBe(expected)
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  browser = await launchChromium() // first: a missing Chromium fails before the slow build
  stack = await startStack()
  chain = createDevChain(stack.rpcUrl)
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageErrors.push(`console: ${message.text()}`)
    }
  })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
}, 30_000)

describe('explorer against a live devnet', () => {
  const sent: { hash: Hash; from: Address; to: Address }[] = []
  let coin: Address
  let badge: Address
  let coinTransfer: Hash

  it('home page shows transactions sent with viem as they are confirmed', async () => {
    expect(await open(urls.home())).toBe(200)
    await page.locator('[data-testid="network-status"] .dot-up').waitFor(SETTLE)
    const [alice, bob] = chain.addresses
    for (let i = 0; i < 3; i++) {
      const receipt = await chain.sendEth(0, bob, 10n ** 15n * BigInt(i + 1))
      sent.push({ hash: receipt.transactionHash, from: alice, to: bob })
      await page
        .locator(`[data-testid="latest-transactions"] [data-tx-hash="${receipt.transactionHash}"]`)
        .waitFor(LIVE)
    }
    // The river drew their mini-blocks too, and the status bar follows the chain.
    const { transaction } = await gql<{ transaction: { miniBlockNumber: string } }>(
      'query($h: Bytes!) { transaction(hash: $h) { miniBlockNumber } }',
      { h: sent[2].hash },
    )
    await page
      .locator(`[data-testid="river"] [data-mini-block="${transaction.miniBlockNumber}"]`)
      .waitFor(LIVE)
    await expect.poll(() => page.textContent('[data-testid="status-finalized"]'), SETTLE).toMatch(/\d/)
    await expect.poll(() => page.textContent('[data-testid="status-safe"]'), SETTLE).toMatch(/\d/)
    await expect.poll(() => page.textContent('[data-testid="status-lag"]'), SETTLE).toMatch(/ms$/)
    await page.locator('[data-testid="latest-blocks"] [data-block]').first().waitFor(SETTLE)
    // No hole between the server-rendered blocks and the live ones (the list backfills once subscribed).
    const consecutive = () =>
      page.evaluate(`(() => {
        const numbers = [...document.querySelectorAll('[data-testid="latest-blocks"] [data-block]')].map((row) =>
          Number(row.getAttribute('data-block')),
        )
        return numbers.length === 10 && numbers.every((n, i) => i === 0 || numbers[i - 1] === n + 1)
      })()`)
    await expect.poll(consecutive, SETTLE).toBe(true)
    // The stats subscription refreshes the charts every second. Its window is a minute: ten more
    // transfers now keep the shown rate above 0.1 tx/s however long the waits above took.
    for (let i = 0; i < 10; i++) await chain.sendEth(0, bob, 1n)
    await expect
      .poll(() => page.textContent('[data-testid="chart-tps"] figcaption strong'), SETTLE)
      .not.toBe('0.0')
    await shoot('home')
  })

  it('transaction page: details, and the finality stage moving on live to finalized', async () => {
    const { hash, from, to } = sent[0]
    expect(await open(urls.tx(hash))).toBe(200)
    expect(await page.textContent('[data-testid="tx-hash"]')).toBe(hash)
    expect(await page.textContent('[data-testid="tx-status"]')).toContain('success')
    expect(await page.textContent('[data-testid="tx-from"]')).toBe(from)
    expect(await page.textContent('[data-testid="tx-to"]')).toBe(to)
    expect(await page.textContent('[data-testid="tx-value"]')).toBe('0.001 ETH')
    expect(await page.textContent('[data-testid="tx-gas"]')).toContain('21,000')
    expect(await page.textContent('[data-testid="tx-time"]')).toMatch(/\d{2}:\d{2}:\d{2}\.\d{6} UTC$/)
    expect(await page.textContent('[data-testid="state-changes"]')).toContain('nonce')
    await page.locator('[data-testid="finality-stage"] [data-stage="FINALIZED"]').waitFor(SETTLE)
    await shoot('transaction')

    // A fresh transaction's page, opened at once: the badge moves on without a reload, only forward.
    const fresh = await chain.sendEth(0, to, 1n)
    await open(urls.tx(fresh.transactionHash))
    await page.evaluate(`(() => {
      const badge = document.querySelector('[data-testid="finality-stage"]')
      window.__stages = [badge.firstElementChild.getAttribute('data-stage')]
      new MutationObserver(() => {
        const stage = badge.firstElementChild.getAttribute('data-stage')
        if (window.__stages.at(-1) !== stage) window.__stages.push(stage)
      }).observe(badge, { subtree: true, childList: true, attributes: true })
    })()`)
    await page.locator('[data-testid="finality-stage"] [data-stage="FINALIZED"]').waitFor(SETTLE)
    const stages = (await page.evaluate('window.__stages')) as string[]
    const order = ['PRECONFIRMED', 'SEALED', 'SAFE', 'FINALIZED']
    expect(stages.at(-1)).toBe('FINALIZED')
    expect(stages.map((stage) => order.indexOf(stage))).toEqual(
      [...stages.map((stage) => order.indexOf(stage))].sort((a, b) => a - b),
    )
    console.error(`finality stages seen live: ${stages.join(' → ')}`)
  })

  it('token transfers: decoded input and logs, token and address pages', async () => {
    const [alice, bob] = chain.addresses
    coin = (await chain.deploy('coin', 10n ** 24n)).address
    coinTransfer = (await chain.transferCoin(coin, bob, 25n * 10n ** 18n)).transactionHash
    badge = (await chain.deploy('badge')).address
    await chain.mintBadge(badge, bob, 7n)

    expect(await open(urls.tx(coinTransfer))).toBe(200)
    const input = await page.textContent('[data-testid="decoded-input"]')
    expect(input).toContain('transfer')
    expect(input).toContain('ERC-20')
    expect(input?.toLowerCase()).toContain(bob)
    expect(await page.textContent('[data-testid="log-event"]')).toBe('Transfer')
    expect(await page.textContent('[data-testid="state-changes"]')).toContain('XPLR')
    await shoot('transaction-erc20')

    expect(await open(urls.token(coin))).toBe(200)
    expect(await page.textContent('h1')).toContain('Explorer Coin')
    expect(await page.textContent('[data-testid="token-standard"]')).toBe('ERC20')
    await page.locator(`[data-testid="holders"] [data-holder="${alice}"]`).waitFor()
    expect(await page.textContent(`[data-testid="holders"] [data-holder="${bob}"]`)).toContain('25 XPLR')
    await page.locator(`[data-testid="token-transfers"] [data-transfer-tx="${coinTransfer}"]`).waitFor()
    // Live: a new holder shows up without a reload (transfers list, then holders and counts).
    const carol = '0x000000000000000000000000000000000000beef'
    const toCarol = await chain.transferCoin(coin, carol, 10n ** 18n)
    await page
      .locator(`[data-testid="token-transfers"] [data-transfer-tx="${toCarol.transactionHash}"]`)
      .waitFor(SETTLE)
    await page.locator(`[data-testid="holders"] [data-holder="${carol}"]`).waitFor(SETTLE)
    expect(await page.textContent('[data-testid="token-holders"]')).toBe('3')
    await shoot('token')

    expect(await open(urls.token(badge))).toBe(200)
    expect(await page.textContent('[data-testid="token-standard"]')).toBe('ERC721')
    expect(await page.textContent('[data-testid="token-transfers"]')).toContain('#7')

    expect(await open(urls.address(bob))).toBe(200)
    await expect.poll(() => page.textContent('[data-testid="edge-balance"]'), SETTLE).toMatch(/ETH$/)
    expect(await page.textContent('[data-testid="edge-code"]')).toContain('none')
    await page.locator(`[data-testid="latest-transactions"] [data-tx-hash="${sent[1].hash}"]`).waitFor()
    expect(await page.textContent(`[data-testid="token-balances"] [data-token="${coin}"]`)).toContain(
      '25 XPLR',
    )
    expect(await page.textContent(`[data-testid="token-balances"] [data-token="${badge}"]`)).toContain(
      '1 NFT',
    )
    // Live: a transfer to this account appears without a reload.
    const live = await chain.sendEth(0, bob, 1n)
    await page
      .locator(`[data-testid="latest-transactions"] [data-tx-hash="${live.transactionHash}"]`)
      .waitFor(SETTLE)
    // …and a token transfer to it updates its transfers and balances.
    const more = await chain.transferCoin(coin, bob, 10n ** 18n)
    await page
      .locator(`[data-testid="token-transfers"] [data-transfer-tx="${more.transactionHash}"]`)
      .waitFor(SETTLE)
    await expect
      .poll(() => page.textContent(`[data-testid="token-balances"] [data-token="${coin}"]`), SETTLE)
      .toContain('26 XPLR')
    await shoot('address')

    expect(await open(urls.address(coin))).toBe(200)
    expect(await page.textContent('h1')).toBe('Contract')
    await expect.poll(() => page.textContent('[data-testid="edge-code"]'), SETTLE).toContain('bytes')
  })

  it('transaction page: the call tree and the state diff of a contract call, traced by the edge', async () => {
    const [alice, bob] = chain.addresses
    const relay = (await chain.deploy('relay')).address
    await chain.transferCoin(coin, relay, 5n * 10n ** 18n)
    const relayed = await chain.relayCoin(relay, coin, bob, 2n * 10n ** 18n)
    expect(await open(urls.tx(relayed.transactionHash))).toBe(200)

    // The relay's call, and nested in it the relay's ERC-20 transfer on the coin, with its log.
    // Scoped to the page's article: while Next streams a traced section in, a hidden copy of it
    // can sit at the end of the body until the swap.
    const txPage = page.locator('[data-testid="tx-page"]')
    const tree = txPage.locator('[data-testid="call-tree"]')
    await tree.waitFor(SETTLE)
    expect(await txPage.locator('[data-testid="call-tree-section"] .counters').textContent()).toBe('2 frames')
    expect(await tree.locator('[data-frame="0"]').getAttribute('data-frame-type')).toBe('CALL')
    const nested = tree.locator('[data-frame="0"] [data-frame="0.0"]')
    expect(await nested.getAttribute('data-frame-type')).toBe('CALL')
    expect(await nested.locator('[data-testid="frame-method"]').textContent()).toBe('transfer')
    expect(await nested.locator(`a[href="${urls.address(coin)}"]`).count()).toBe(1)
    expect(await nested.textContent()).toContain('Transfer')
    expect(await tree.locator('[data-testid="frame-error"]').count()).toBe(0)

    // The state diff: the relay's counter slot 0 → 1, two balance slots of the coin, the sender's nonce and fee.
    const diff = txPage.locator('[data-testid="state-diff"]')
    await diff.waitFor(SETTLE)
    const counter = diff.locator(`[data-account="${relay}"] [data-diff-row="storage"]`)
    expect(await counter.locator('td.mono').allTextContents()).toEqual(['0x0', '0x1', ''])
    const hex = (n: bigint) => `0x${n.toString(16)}`
    const coinSlots = diff.locator(`[data-account="${coin}"] [data-diff-row="storage"]`)
    expect(await coinSlots.count()).toBe(2)
    const coinText = await diff.locator(`[data-account="${coin}"]`).textContent()
    expect(coinText).toContain(`${hex(5n * 10n ** 18n)}${hex(3n * 10n ** 18n)}`) // the relay's coins, before and after
    expect(await diff.locator(`[data-account="${alice}"] [data-diff-row="balance"]`).textContent()).toContain(
      '−',
    )
    expect(await diff.locator(`[data-account="${alice}"] [data-diff-row="nonce"]`).textContent()).toContain(
      '+1',
    )
    await txPage
      .locator('[data-testid="call-tree-section"]')
      .screenshot({ path: join(SCREENSHOTS, 'transaction-call-tree.png') })
    await shoot('transaction-trace')
  })

  it('block and mini-block pages list the transactions in them', async () => {
    const { transaction } = await gql<{ transaction: { miniBlockNumber: string; blockNumber: string } }>(
      'query($h: Bytes!) { transaction(hash: $h) { miniBlockNumber blockNumber } }',
      { h: coinTransfer },
    )
    expect(await open(urls.miniBlock(transaction.miniBlockNumber))).toBe(200)
    await page.locator(`[data-tx-hash="${coinTransfer}"]`).waitFor()
    expect(await page.textContent('[data-testid="mini-block-block"]')).toContain(transaction.blockNumber)
    await shoot('mini-block')
    expect(await open(urls.block(transaction.blockNumber))).toBe(200)
    await page.locator(`[data-tx-hash="${coinTransfer}"]`).waitFor()
    await page.locator(`[data-mini-block="${transaction.miniBlockNumber}"]`).waitFor()
    await shoot('block')

    // The block after the indexer's head is open: its page says so and turns into the sealed block by itself.
    const { _meta } = await gql<{ _meta: { headBlock: string } }>('{ _meta { headBlock } }')
    const next = String(BigInt(_meta.headBlock) + 1n)
    expect(await open(urls.block(next))).toBe(200)
    await shoot('block-open') // the open view, unless the block was sealed before the page loaded
    await page.locator('[data-testid="block-page"]').waitFor(SETTLE)
    expect(await page.textContent('h1')).toContain(next)
  })

  it('search finds each kind; nothing found and unknown hashes say so', async () => {
    const { transaction } = await gql<{ transaction: { miniBlockNumber: string; blockNumber: string } }>(
      'query($h: Bytes!) { transaction(hash: $h) { miniBlockNumber blockNumber } }',
      { h: coinTransfer },
    )
    await open(urls.home())
    await search(coinTransfer, urls.tx(coinTransfer))
    await page.locator('[data-testid="tx-page"]').waitFor()
    await search(coin.toUpperCase().replace('0X', '0x'), urls.token(coin))
    await search(chain.addresses[1], urls.address(chain.addresses[1]))
    // A number can name a block and a mini-block: when both exist both are offered, else the one is opened.
    for (const [n, page_] of [
      [transaction.blockNumber, urls.block(transaction.blockNumber)],
      [transaction.miniBlockNumber, urls.miniBlock(transaction.miniBlockNumber)],
    ]) {
      const hits = (
        await gql<{ search: unknown[] }>('query($q: String!) { search(query: $q) { kind } }', { q: n })
      ).search
      await search(n, hits.length > 1 ? '/search' : page_)
      if (hits.length > 1) await page.locator(`[data-testid="search-results"] a[href="${page_}"]`).waitFor()
    }
    const blockHash = (
      await gql<{ block: { hash: string } }>('query($n: BigInt!) { block(number: $n) { hash } }', {
        n: transaction.blockNumber,
      })
    ).block.hash
    await search(blockHash, urls.block(blockHash))
    expect(await page.textContent('[data-testid="block-hash"]')).toBe(blockHash)

    const unknown = `0x${'ab'.repeat(32)}`
    await search(unknown, '/search')
    await page.locator('[data-testid="search-nothing"]').waitFor()
    await shoot('search-nothing')
    expect(await open(urls.tx(unknown))).toBe(404)
    await page.locator('[data-testid="not-found"]').waitFor()
    expect(await open(urls.block('99999999999'))).toBe(404)
    expect(await open('/tx/not-a-hash')).toBe(404)
    await shoot('not-found')
  })

  it('a revert (evm_snapshot → send → evm_revert): the abandoned transaction leaves the live views, its open page says so', async () => {
    expect(await open(urls.home())).toBe(200)
    await page.locator('[data-testid="network-status"] .dot-up').waitFor(SETTLE)
    const [, bob] = chain.addresses
    const snapshot = await chain.publicClient.request({ method: 'evm_snapshot' } as never)
    const abandoned = await chain.sendEth(0, bob, 7n)
    const row = (hash: Hash) => page.locator(`[data-testid="latest-transactions"] [data-tx-hash="${hash}"]`)
    // The receipt comes from the edge; the indexer writes its batch a few milliseconds later.
    const transaction = await vi.waitFor(
      async () => {
        const { transaction } = await gql<{
          transaction: { miniBlockNumber: string; blockNumber: string } | null
        }>('query($h: Bytes!) { transaction(hash: $h) { miniBlockNumber blockNumber } }', {
          h: abandoned.transactionHash,
        })
        if (!transaction) throw new Error(`${abandoned.transactionHash} is not indexed yet`)
        return transaction
      },
      { timeout: 10_000, interval: 20 },
    )
    const river = page.locator(`[data-testid="river"] [data-mini-block="${transaction.miniBlockNumber}"]`)
    await row(abandoned.transactionHash).waitFor(SETTLE)
    await river.waitFor(SETTLE)
    // The transaction's own page, open in two more tabs while the chain goes back: one as a reader has
    // it, and one whose scripts are held until the rewind is indexed, so that its `rewinds` subscription
    // starts after the rewind (as a busy machine can make the first tab do): that one learns it from the
    // check the page makes once its socket is up.
    const txUrl = `${stack!.explorerUrl}${urls.tx(abandoned.transactionHash)}`
    const txPage = await browser!.newPage()
    const latePage = await browser!.newPage()
    try {
      await txPage.goto(txUrl)
      await txPage.locator('[data-testid="tx-page"]').waitFor(SETTLE)
      const releaseScripts = await holdScripts(latePage)
      await latePage.goto(txUrl, { waitUntil: 'domcontentloaded' })
      await latePage.locator('[data-testid="tx-page"]').waitFor(SETTLE)

      const reverted = await chain.publicClient.request({ method: 'evm_revert', params: [snapshot] } as never)
      expect(reverted).toBe(true)
      await row(abandoned.transactionHash).waitFor({ state: 'detached', ...SETTLE })
      await river.waitFor({ state: 'detached', ...SETTLE })
      const notice = page.locator('[data-testid="rewind-notice"]')
      await notice.waitFor(SETTLE)
      const text = (await notice.textContent()) ?? ''
      const rewound = /Chain rewound to block (\d+) \((\d+) blocks? and (\d+) mini-blocks? abandoned\)/.exec(
        text,
      )
      expect(rewound, text).not.toBeNull()
      expect(BigInt(rewound![1])).toBeLessThan(BigInt(transaction.blockNumber))
      expect(Number(rewound![3])).toBeGreaterThanOrEqual(1)
      // The open tab says so without a reload, whether its subscription saw the rewind or its check did.
      await txPage.locator('[data-testid="abandoned"]').waitFor(SETTLE)
      expect(await txPage.textContent('[data-testid="abandoned"] h1')).toContain('abandoned by a rewind')
      expect(await txPage.locator('[data-testid="tx-page"]').count()).toBe(0)
      // The held tab starts its scripts only now that the rewind is indexed (the home page showed it).
      await releaseScripts()
      await latePage.locator('[data-testid="abandoned"]').waitFor(SETTLE)
      expect(await latePage.locator('[data-testid="tx-page"]').count()).toBe(0)
      // Opened again, the hash is simply not found.
      const reopened = await txPage.goto(txUrl)
      expect(reopened?.status()).toBe(404)
    } finally {
      await txPage.close()
      await latePage.close()
    }
    await shoot('rewound')
    // The chain goes on from the snapshot, reusing the numbers: the live views take the new branch.
    const next = await chain.sendEth(0, bob, 8n)
    await row(next.transactionHash).waitFor(SETTLE)
  })

  it('reads on a phone: no page wider than the screen', async () => {
    const phone = await browser!.newPage({ viewport: { width: 375, height: 740 }, isMobile: true })
    try {
      for (const path of [
        urls.home(),
        urls.tx(coinTransfer),
        urls.address(chain.addresses[1]),
        urls.token(coin),
      ]) {
        await phone.goto(`${stack!.explorerUrl}${path}`)
        await phone.locator('main').waitFor()
        const width = await phone.evaluate(() => document.documentElement.scrollWidth)
        expect(width, path).toBeLessThanOrEqual(375)
      }
      await phone.screenshot({ path: join(SCREENSHOTS, 'phone-token.png'), fullPage: true })
      await phone.goto(`${stack!.explorerUrl}${urls.home()}`)
      await phone.screenshot({ path: join(SCREENSHOTS, 'phone-home.png'), fullPage: true })
    } finally {
      await phone.close()
    }
  })

  it('no script errors or hydration mismatches on any page so far', () => {
    expect(pageErrors).toEqual([])
  })

  it('the transaction page without its edge: the trace sections say so, the rest of the page is whole', async () => {
    const [port, nothing] = [await freePort(), await freePort()]
    const dead = `http://127.0.0.1:${nothing}`
    const other = await startExplorer({ port, rpcUrl: dead, indexerUrl: stack!.indexerUrl })
    try {
      const response = await page.goto(`http://127.0.0.1:${port}${urls.tx(coinTransfer)}`)
      expect(response?.status()).toBe(200)
      expect(await page.textContent('[data-testid="tx-status"]')).toContain('success')
      const notices = page.locator('[data-testid="trace-unavailable"]')
      await notices.nth(1).waitFor(SETTLE)
      for (const notice of await notices.allTextContents()) {
        expect(notice).toContain(`the RPC edge at ${dead} is unreachable`)
        expect(notice).toContain('pnpm start')
      }
      await shoot('transaction-no-edge')
    } finally {
      await other.stop()
    }
  })

  it('the same build on other URLs: with nothing there, pages say the indexer is down and what to run', async () => {
    const [port, nothing] = [await freePort(), await freePort()]
    const dead = `http://127.0.0.1:${nothing}`
    const other = await startExplorer({ port, rpcUrl: dead, indexerUrl: `${dead}/graphql` })
    try {
      await page.goto(`http://127.0.0.1:${port}${urls.home()}`)
      const notice = await page.textContent('[data-testid="unavailable"]')
      expect(notice).toContain('The indexer is unreachable')
      expect(notice).toContain(`${dead}/graphql`)
      expect(notice).toContain('pnpm start')
      // The browser's live connection fails too, and the banner says so on every page.
      await page.locator('[data-testid="indexer-down"]').waitFor(SETTLE)
      await expect
        .poll(() => page.textContent('[data-testid="network-status"]'), SETTLE)
        .toContain('RPC edge unreachable')
      await shoot('indexer-down')
      await page.goto(`http://127.0.0.1:${port}${urls.tx(sent[0].hash)}`)
      expect(await page.textContent('[data-testid="unavailable"]')).toContain('The indexer is unreachable')
    } finally {
      await other.stop()
    }
  })
})
