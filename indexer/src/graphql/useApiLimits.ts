import type { ExecutionResult } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { GraphqlApiError, GraphqlErrorCode } from './errors.ts'
import { type ApiLimits, checkOperationLimits, measureOperation } from './limits.ts'

/**
 * Enforces depth and cost before execution (queries and subscriptions, over
 * HTTP, SSE and WebSocket alike) and races each query against `timeoutMs`.
 * PGlite cannot cancel a statement, so a timed-out query's SQL may still
 * finish in the background; the client gets QUERY_TIMEOUT at the deadline.
 */
export function useApiLimits(limits: ApiLimits): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution, setExecuteFn, executeFn }) {
      const measured = measureOperation(args.schema, args.document, args.operationName, args.variableValues)
      const error = checkOperationLimits(limits, measured)
      if (error) {
        setResultAndStopExecution({ errors: [error] })
        return
      }
      setExecuteFn(async (executeArgs) => {
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(() => {
            const message = `query did not finish within ${limits.timeoutMs} ms`
            resolve({
              errors: [
                new GraphqlApiError(GraphqlErrorCode.Timeout, message, { timeoutMs: limits.timeoutMs }),
              ],
            })
          }, limits.timeoutMs)
        })
        try {
          return await Promise.race([executeFn(executeArgs) as Promise<ExecutionResult>, timeout])
        } finally {
          clearTimeout(timer)
        }
      })
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const measured = measureOperation(args.schema, args.document, args.operationName, args.variableValues)
      const error = checkOperationLimits(limits, measured)
      if (error) setResultAndStopExecution({ errors: [error] })
    },
  }
}
