/** Server-sent events written strictly in the order they are sent, from callbacks that cannot await. */
import type { SSEStreamingApi } from 'hono/streaming'

export interface OrderedEvents {
  /** Queues an event: `data` is sent as JSON. */
  send(event: string, data: unknown): void
  /** Resolves when everything sent so far is written. */
  flushed(): Promise<void>
}

export function orderedEvents(stream: SSEStreamingApi): OrderedEvents {
  let queue: Promise<void> = Promise.resolve()
  return {
    send(event, data) {
      queue = queue.then(() => stream.writeSSE({ event, data: JSON.stringify(data) }))
    },
    flushed: () => queue,
  }
}
