/** `0x1234…abcd`: enough of an address or hash to recognize it. */
export function shortHex(value: string | undefined): string {
  if (!value) return ''
  return value.length <= 12 ? value : `${value.slice(0, 6)}…${value.slice(-4)}`
}
