import { describe, expect, it } from 'vitest'
import { signSlackRequest, verifySlackSignature } from './signature.ts'

describe('verifySlackSignature', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5'
  const body = 'token=x&team_id=T1&text=hello'
  const nowMs = 1_531_420_618_000
  const ts = String(nowMs / 1000)

  it('accepts the v0 HMAC of the raw body', () => {
    const signature = signSlackRequest(secret, ts, body)
    expect(signature).toMatch(/^v0=[0-9a-f]{64}$/)
    expect(verifySlackSignature({ secret, timestamp: ts, signature, body, nowMs })).toEqual({ ok: true })
  })

  it('rejects missing, malformed, wrong and stale signatures', () => {
    const signature = signSlackRequest(secret, ts, body)
    const check = (o: Partial<Parameters<typeof verifySlackSignature>[0]>) =>
      verifySlackSignature({ secret, timestamp: ts, signature, body, nowMs, ...o }).ok
    expect(check({ signature: undefined })).toBe(false)
    expect(check({ timestamp: undefined })).toBe(false)
    expect(check({ timestamp: 'abc' })).toBe(false)
    expect(check({ signature: 'v0=zz' })).toBe(false)
    expect(check({ signature: signSlackRequest('other', ts, body) })).toBe(false)
    expect(check({ body: `${body} ` })).toBe(false)
    expect(check({ nowMs: nowMs + 301_000 })).toBe(false)
    expect(check({ nowMs: nowMs - 301_000 })).toBe(false)
    expect(check({ nowMs: nowMs + 299_000 })).toBe(true)
  })
})
