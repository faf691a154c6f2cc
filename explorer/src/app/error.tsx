'use client'

/** Anything unexpected while rendering a page: say so and offer a retry. */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string }
  reset: () => void
}) {
  return (
    <article className="page notice notice-error" role="alert">
      <h1>Something went wrong</h1>
      <p>{error.message || 'The page failed to render.'}</p>
      {error.digest ? <p className="hint">Server log reference: {error.digest}</p> : null}
      <button type="button" onClick={reset}>
        Try again
      </button>
    </article>
  )
}
