'use client'

export function ArenaPage() {
  return <p>soon</p>
}
