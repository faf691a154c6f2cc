'use client'

export function LatencyLabPage() {
  return <p>soon</p>
}
