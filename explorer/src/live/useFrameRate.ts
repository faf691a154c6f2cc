'use client'

import { useEffect, useState } from 'react'

/** Frames drawn in the last second, measured with requestAnimationFrame (0 until the first second). */
export function useFrameRate(): number {
  const [fps, setFps] = useState(0)
  useEffect(() => {
    let frame = 0
    let frames = 0
    let since = performance.now()
    const tick = (now: number) => {
      frames++
      if (now - since >= 1_000) {
        setFps(Math.round((frames * 1_000) / (now - since)))
        frames = 0
        since = now
      }
      frame = requestAnimationFrame(tick)
    }
    frame = requestAnimationFrame(tick)
    return () => cancelAnimationFrame(frame)
  }, [])
  return fps
}
