import { describe, expect, it } from 'vitest'
import { SlackConfigError, slackConfigFromEnv } from './config.ts'
import { nameUuid, slackPrincipal } from './principal.ts'

describe('slackConfigFromEnv', () => {
  it('is null when Slack is not configured and an error when half-configured', () => {
    expect(slackConfigFromEnv({})).toBeNull()
    expect(() => slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(SlackConfigError)
    expect(() => slackConfigFromEnv({ SLACK_SIGNING_SECRET: 's' })).toThrow(SlackConfigError)
  })

  it('reads the secrets, API URL, public URL and the user map with its default', () => {
    const cfg = slackConfigFromEnv({
      SLACK_SIGNING_SECRET: 's',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
      PUBLIC_URL: 'https://copilot.example/',
      SLACK_USERS: JSON.stringify({
        U1: { role: 'operator', sites: ['riverbend'] },
        '*': { role: 'operator', sites: '*' },
      }),
    })!
    expect(cfg.apiUrl).toBe('http://127.0.0.1:9/api/')
    expect(cfg.webBaseUrl).toBe('https://copilot.example')
    expect(cfg.users.U1).toEqual({ role: 'operator', sites: ['riverbend'] })
    expect(cfg.defaultUser).toEqual({ role: 'operator', sites: '*' })
    const defaults = slackConfigFromEnv({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'x' })!
    expect(defaults.apiUrl).toBe('https://slack.com/api/')
    expect(defaults.defaultUser).toBeNull()
  })

  it('rejects a malformed user map', () => {
    const env = { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'x' }
    expect(() => slackConfigFromEnv({ ...env, SLACK_USERS: 'nope' })).toThrow(/JSON/)
    expect(() => slackConfigFromEnv({ ...env, SLACK_USERS: '{"U1":{"role":"boss","sites":["a"]}}' })).toThrow(
      /role/,
    )
    expect(() =>
      slackConfigFromEnv({ ...env, SLACK_USERS: '{"U1":{"role":"operator","sites":[]}}' }),
    ).toThrow(/sites/)
  })
})

describe('slackPrincipal', () => {
  const cfg = slackConfigFromEnv({
    SLACK_SIGNING_SECRET: 's',
    SLACK_BOT_TOKEN: 'x',
    SLACK_USERS: '{"U1":{"role":"planner","sites":["a"]}}',
  })!

  it('gives each Slack user a stable UUID, their role and sites', () => {
    const p = slackPrincipal(cfg, 'T1', 'U1')!
    expect(p).toEqual({ keyId: nameUuid('slack:T1:U1'), name: 'slack:U1', role: 'planner', sites: ['a'] })
    expect(p.keyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(slackPrincipal(cfg, 'T1', 'U1')!.keyId).toBe(p.keyId)
    expect(slackPrincipal(cfg, 'T2', 'U1')!.keyId).not.toBe(p.keyId)
  })

  it('is null for users who are not set up', () => {
    expect(slackPrincipal(cfg, 'T1', 'U2')).toBeNull()
  })
})
