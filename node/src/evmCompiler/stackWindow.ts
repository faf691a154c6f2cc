/**
 * The top of the EVM stack while a block's code is generated: values live in
 * JavaScript constants (or literals) and reach `st` (EthereumJS's stack
 * array) only when something outside the block's own code needs them.
 * `sp` is the generated code's stack height at the last write-back.
 */
export type StackWindow = {
  /** Reads `count` items, loading what the window does not hold yet from `st`. */
  need(count: number): void
  pop(): string
  push(expression: string): void
  /** The expression `depth` items below the top (0 = top); call need() first. */
  at(depth: number): string
  swap(depth: number): void
  /** Writes the window back to `st`, moves `sp` and empties the window. */
  flush(): void
  /** Code that writes the window back and sets `stack._len`, leaving the window as it is. */
  spill(): string
}

export function createStackWindow(emit: (line: string) => void, fresh: () => string): StackWindow {
  let loaded = 0
  let items: string[] = []
  let base: string[] = []

  function need(count: number): void {
    while (items.length < count) {
      loaded++
      const name = fresh()
      emit(`const ${name} = st[sp - ${loaded}]`)
      items.unshift(name)
      base.unshift(name)
    }
  }

  function writes(): string[] {
    const lines: string[] = []
    for (let i = 0; i < items.length; i++) {
      if (i < loaded && items[i] === base[i]) continue
      lines.push(`st[${offset(i - loaded)}] = ${items[i]}`)
    }
    return lines
  }

  return {
    need,
    pop() {
      need(1)
      return items.pop() as string
    },
    push(expression) {
      items.push(expression)
    },
    at(depth) {
      return items[items.length - 1 - depth]
    },
    swap(depth) {
      const top = items.length - 1
      const other = items[top - depth]
      items[top - depth] = items[top]
      items[top] = other
    },
    flush() {
      for (const line of writes()) emit(line)
      const delta = items.length - loaded
      if (delta !== 0) emit(`sp += ${delta}`)
      loaded = 0
      items = []
      base = []
    },
    spill() {
      return [...writes(), `stack._len = ${offset(items.length - loaded)}`].join('; ')
    },
  }
}

function offset(delta: number): string {
  if (delta === 0) return 'sp'
  return delta > 0 ? `sp + ${delta}` : `sp - ${-delta}`
}
