import { ContractPage } from '../../src/byoc/ContractPage.tsx'

export const metadata = { title: 'Your contract · rtevm playground' }

export default function Page() {
  return (
    <>
      <h1>Bring your own contract</h1>
      <ContractPage />
    </>
  )
}
