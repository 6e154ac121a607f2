import { describe, expect, it } from 'vitest'
import { SignInLimiter } from './limit.ts'

describe('SignInLimiter', () => {
  it('blocks an address after too many failures for the rest of the window, then lets it try again', () => {
    let t = 0
    const l = new SignInLimiter(3, 60_000, () => t)
    for (let i = 0; i < 2; i++) l.fail('a')
    expect(l.blockedFor('a')).toBe(0)
    l.fail('a')
    t = 15_000
    expect(l.blockedFor('a')).toBe(45)
    expect(l.blockedFor('b')).toBe(0)
    t = 60_000
    expect(l.blockedFor('a')).toBe(0)
  })

  it('forgets an address that signs in', () => {
    const l = new SignInLimiter(2, 60_000, () => 0)
    l.fail('a')
    l.succeed('a')
    l.fail('a')
    expect(l.blockedFor('a')).toBe(0)
  })
})
