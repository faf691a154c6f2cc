import type { Metadata, Viewport } from 'next'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import { Header } from '../components/layout/Header.tsx'
import { readRuntimeConfig } from '../config/runtimeConfig.ts'
import { ChainHeadsProvider } from '../live/ChainHeadsProvider.tsx'
import { ChainRewindsProvider } from '../live/ChainRewindsProvider.tsx'
import { ExplorerProvider } from '../live/ExplorerProvider.tsx'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'rtevm explorer', template: '%s · rtevm explorer' },
  description:
    'Live block explorer for the rtevm devnet: mini-blocks, blocks, transactions, accounts, tokens.',
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request: the URLs come from this server's environment now, not from the build.
  await connection()
  const config = readRuntimeConfig()
  return (
    <html lang="en">
      <body>
        <ExplorerProvider config={config}>
          <ChainHeadsProvider>
            <ChainRewindsProvider>
              <Header />
              <main>{children}</main>
              <footer className="site-footer">
                indexer <code>{config.indexerUrl}</code> · RPC <code>{config.rpcUrl}</code>
              </footer>
            </ChainRewindsProvider>
          </ChainHeadsProvider>
        </ExplorerProvider>
      </body>
    </html>
  )
}
