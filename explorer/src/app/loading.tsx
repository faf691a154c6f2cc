import { Skeleton } from '../components/common/Skeleton.tsx'

/** Shown while a server page queries the indexer. */
export default function Loading() {
  return (
    <article className="page">
      <div className="panel">
        <Skeleton lines={6} />
      </div>
    </article>
  )
}
