/**
 * A handler's result already serialized as JSON (a read worker's answer): the dispatcher
 * splices `json` into the response instead of stringifying it again.
 */
export class EncodedResult {
  constructor(readonly json: string) {}
}
