/** An item that remembers its own position, so the heap can update or remove it in O(log n). */
export type HeapSlot = { heapIndex: number }

/** A binary heap whose items can be re-ordered or removed in place; the first item is the best. */
export type IndexedHeap<T extends HeapSlot> = {
  size(): number
  /** The best item, without removing it. */
  peek(): T | undefined
  push(item: T): void
  pop(): T | undefined
  /** Removes an item wherever it is; a no-op for items not in the heap. */
  remove(item: T): void
  /** Restores order after the item's key changed. */
  update(item: T): void
  /** Restores order after many keys changed at once, in O(n). */
  rebuild(): void
}

/**
 * Creates an empty heap ordered by `before(a, b)` (true when `a` must come out first). Items carry
 * `heapIndex`, -1 while outside the heap; an item may be in only one such heap at a time.
 */
export function createIndexedHeap<T extends HeapSlot>(before: (a: T, b: T) => boolean): IndexedHeap<T> {
  const items: T[] = []

  const place = (item: T, index: number) => {
    items[index] = item
    item.heapIndex = index
  }

  const siftUp = (index: number) => {
    const item = items[index]
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = items[parentIndex]
      if (!before(item, parent)) break
      place(parent, index)
      index = parentIndex
    }
    place(item, index)
  }

  const siftDown = (index: number) => {
    const item = items[index]
    const length = items.length
    for (;;) {
      let child = 2 * index + 1
      if (child >= length) break
      if (child + 1 < length && before(items[child + 1], items[child])) child++
      if (!before(items[child], item)) break
      place(items[child], index)
      index = child
    }
    place(item, index)
  }

  const reposition = (index: number) => {
    if (index > 0 && before(items[index], items[(index - 1) >> 1])) siftUp(index)
    else siftDown(index)
  }

  const removeAt = (index: number) => {
    items[index].heapIndex = -1
    const last = items.pop()!
    if (index === items.length) return
    place(last, index)
    reposition(index)
  }

  return {
    size: () => items.length,
    peek: () => items[0],
    push(item) {
      place(item, items.length)
      siftUp(item.heapIndex)
    },
    pop() {
      const top = items[0]
      if (top !== undefined) removeAt(0)
      return top
    },
    remove(item) {
      if (item.heapIndex >= 0) removeAt(item.heapIndex)
    },
    update(item) {
      if (item.heapIndex >= 0) reposition(item.heapIndex)
    },
    rebuild() {
      for (let index = (items.length >> 1) - 1; index >= 0; index--) siftDown(index)
    },
  }
}
