'use client'

export function ContractPage() {
  return <p>soon</p>
}
