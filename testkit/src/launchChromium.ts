import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/**
 * Debian's Chromium (CHROMIUM_PATH overrides the path). Throws, telling how to
 * install it, when it is missing, so a test can check before a long start-up.
 */
export function chromiumPath(): string {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: run scripts/setup-system.sh (installs Debian's chromium), or set CHROMIUM_PATH`,
    )
  }
  return executablePath
}

/** Debian's Chromium, headless; CHROMIUM_PATH overrides the path. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}
