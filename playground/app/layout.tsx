import Link from 'next/link'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import { readRuntimeConfig } from '../src/config/runtimeConfig.ts'
import { navigation, routes } from '../src/routes.ts'
import { ActionReadout } from '../src/shell/ActionReadout.tsx'
import { PlaygroundProvider } from '../src/shell/PlaygroundProvider.tsx'
import { WalletBar } from '../src/shell/WalletBar.tsx'
import './globals.css'

export const metadata = {
  title: 'rtevm playground',
  description: 'Order book, game and latency lab on sub-millisecond mini-blocks',
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Read the endpoints per request, so one build serves any devnet ports.
  await connection()
  const config = readRuntimeConfig()
  return (
    <html lang="en">
      <body>
        <PlaygroundProvider config={config}>
          <header className="top">
            <Link href={routes.home()} className="brand">
              rtevm playground
            </Link>
            <nav>
              {navigation.map((item) => (
                <Link key={item.href} href={item.href}>
                  {item.label}
                </Link>
              ))}
            </nav>
            <WalletBar />
          </header>
          <div className="readout-bar">
            <ActionReadout />
          </div>
          <main>{children}</main>
        </PlaygroundProvider>
      </body>
    </html>
  )
}
