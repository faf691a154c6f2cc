import type { LinkRole } from '../types/index.ts'

/** Every link role, in the order of its bit in `linkRoleBits` (1, 2, 4, 8). */
export const LINK_ROLES: readonly LinkRole[] = ['follow', 'submit', 'attest', 'privileged']

/** All four role bits: what every connection holds on an open (loopback, no peers file) link. */
export const ALL_LINK_ROLE_BITS = (1 << LINK_ROLES.length) - 1

/** The bit of one role: a server checks `bits & linkRoleBit(role)` per request, with no allocation. */
export function linkRoleBit(role: LinkRole): number {
  return 1 << LINK_ROLES.indexOf(role)
}

/** Roles as a bit set (follow 1, submit 2, attest 4, privileged 8), the form the wire carries. */
export function linkRoleBits(roles: readonly LinkRole[]): number {
  let bits = 0
  for (const role of roles) bits |= linkRoleBit(role)
  return bits
}

/** The roles of a bit set, in `LINK_ROLES` order. */
export function linkRolesFromBits(bits: number): LinkRole[] {
  return LINK_ROLES.filter((_, i) => (bits & (1 << i)) !== 0)
}
