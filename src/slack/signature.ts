/** Slack request signing (v0): HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Requests whose timestamp is further than this from now are rejected (replay protection). */
export const MAX_SKEW_SECONDS = 5 * 60

export function signSlackRequest(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string }

export function verifySlackSignature(opts: {
  secret: string
  timestamp: string | undefined
  signature: string | undefined
  body: string
  nowMs: number
}): SignatureCheck {
  const { timestamp, signature } = opts
  if (!timestamp || !signature) return { ok: false, reason: 'the request is not signed' }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'the request timestamp is malformed' }
  if (Math.abs(opts.nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS)
    return { ok: false, reason: 'the request timestamp is too old or too far in the future' }
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'the signature is malformed' }
  const expected = Buffer.from(signSlackRequest(opts.secret, timestamp, opts.body), 'utf8')
  const given = Buffer.from(signature, 'utf8')
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'the signature does not match' }
  return { ok: true }
}
