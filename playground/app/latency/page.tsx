import { LatencyLabPage } from '../../src/latency/LatencyLabPage.tsx'

export const metadata = { title: 'Latency lab · rtevm playground' }

export default function Page() {
  return (
    <>
      <h1>Latency lab</h1>
      <LatencyLabPage />
    </>
  )
}
