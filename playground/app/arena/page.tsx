import { ArenaPage } from '../../src/arena/ArenaPage.tsx'

export const metadata = { title: 'Arena · rtevm playground' }

export default function Page() {
  return (
    <>
      <h1>Arena</h1>
      <ArenaPage />
    </>
  )
}
