import Link from 'next/link'
import { routes } from '../src/routes.ts'

export default function Home() {
  return (
    <section className="home">
      <h1>Feel sub-millisecond blocks</h1>
      <p>
        Every action here is a transaction on the local rtevm devnet, signed in this tab by a dev account and
        sent with <code>eth_sendRawTransactionSync</code>: one round trip to a receipt. Updates arrive per
        mini-block over the edge&apos;s WebSocket.
      </p>
      <ul className="cards">
        <li>
          <Link href={routes.orderBook()}>Order book</Link> — a live depth ladder and trade tape, one-click
          orders and a market-maker bot.
        </li>
        <li>
          <Link href={routes.arena()}>Arena</Link> — a multiplayer grid game; every step is a transaction.
          Open it in two tabs with different accounts.
        </li>
        <li>
          <Link href={routes.latencyLab()}>Latency lab</Link> — fire N transactions at a rate and watch send →
          receipt and send → on-screen latency.
        </li>
        <li>
          <Link href={routes.contract()}>Your contract</Link> — paste Solidity, compile in the browser,
          deploy, call it and watch its events.
        </li>
      </ul>
    </section>
  )
}
