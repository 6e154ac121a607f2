/** Slack users as principals: a stable UUID per workspace user, role and sites from the configured map. */
import { createHash } from 'node:crypto'
import type { Principal } from '../store/keys.ts'
import type { SlackConfig } from './config.ts'

/** A fixed namespace so the same Slack user always maps to the same UUID (RFC 4122 version 5 layout). */
const NAMESPACE = '6f1c2a4e-9b57-5d0e-8a3c-51ac4c0f7b21'

export function nameUuid(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex')
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const hex = h.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The principal a Slack user acts as, or null when the user is not set up for the copilot. */
export function slackPrincipal(cfg: SlackConfig, team: string | undefined, user: string): Principal | null {
  const access = cfg.users[user] ?? cfg.defaultUser
  if (!access) return null
  return {
    keyId: nameUuid(`slack:${team ?? ''}:${user}`),
    name: `slack:${user}`,
    role: access.role,
    sites: access.sites,
  }
}

export const NOT_SET_UP =
  'You are not set up for this copilot yet. Ask an admin to add your Slack user (and the sites you work on).'
