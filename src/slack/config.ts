/** Slack settings: the app's secrets, where the Web API lives, and which Slack users may ask about which sites. */
import type { Role } from '../store/schema.ts'
import { ROLES } from '../store/schema.ts'

/** What a Slack user may do: the same role and site scoping an API key has. */
export interface SlackUserAccess {
  role: Role
  sites: string[] | '*'
}

export interface SlackConfig {
  /** The app's signing secret; every request is verified against it. */
  signingSecret: string
  /** Bot token (xoxb-...) for chat.postMessage / chat.update. */
  botToken: string
  /** Web API base URL, ending in a slash; tests point it at a local fake. */
  apiUrl: string
  /** Base URL of the web UI / API for citation links, without a trailing slash. */
  webBaseUrl: string
  /** Slack user id -> access. */
  users: Record<string, SlackUserAccess>
  /** Access for users not in the map; null = they are told to ask an admin. */
  defaultUser: SlackUserAccess | null
  /** Clock in milliseconds (tests). */
  now?: () => number
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/'

export class SlackConfigError extends Error {}

/**
 * Reads SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL, SLACK_USERS and PUBLIC_URL.
 * Returns null when Slack is not configured (no signing secret and no token); throws when half-configured.
 * SLACK_USERS is JSON: {"U123": {"role": "operator", "sites": ["riverbend"]}, "*": {...default for others}}.
 */
export function slackConfigFromEnv(env: Record<string, string | undefined>): SlackConfig | null {
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() ?? ''
  const botToken = env.SLACK_BOT_TOKEN?.trim() ?? ''
  if (!signingSecret && !botToken) return null
  if (!signingSecret) throw new SlackConfigError('SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is not')
  if (!botToken) throw new SlackConfigError('SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not')
  let apiUrl = env.SLACK_API_URL?.trim() || DEFAULT_SLACK_API_URL
  if (!apiUrl.endsWith('/')) apiUrl += '/'
  const webBaseUrl = (env.PUBLIC_URL?.trim() || 'http://localhost:3000').replace(/\/+$/, '')
  const { users, defaultUser } = parseSlackUsers(env.SLACK_USERS)
  return { signingSecret, botToken, apiUrl, webBaseUrl, users, defaultUser }
}

/** Parses the SLACK_USERS JSON map; the key "*" is the default for users not listed. */
export function parseSlackUsers(raw: string | undefined): {
  users: Record<string, SlackUserAccess>
  defaultUser: SlackUserAccess | null
} {
  if (!raw?.trim()) return { users: {}, defaultUser: null }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new SlackConfigError('SLACK_USERS must be JSON: {"U123": {"role": "operator", "sites": ["site"]}}')
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new SlackConfigError('SLACK_USERS must be a JSON object keyed by Slack user id')
  const users: Record<string, SlackUserAccess> = {}
  let defaultUser: SlackUserAccess | null = null
  for (const [id, value] of Object.entries(parsed as Record<string, unknown>)) {
    const access = parseAccess(id, value)
    if (id === '*') defaultUser = access
    else users[id] = access
  }
  return { users, defaultUser }
}

function parseAccess(id: string, value: unknown): SlackUserAccess {
  const v = value as { role?: unknown; sites?: unknown } | null
  if (!v || typeof v !== 'object') throw new SlackConfigError(`SLACK_USERS["${id}"] must be an object`)
  if (typeof v.role !== 'string' || !(ROLES as readonly string[]).includes(v.role))
    throw new SlackConfigError(`SLACK_USERS["${id}"].role must be one of ${ROLES.join(', ')}`)
  const sites = v.sites
  if (sites === '*' || (Array.isArray(sites) && sites.includes('*')))
    return { role: v.role as Role, sites: '*' }
  if (!Array.isArray(sites) || sites.length === 0 || !sites.every((s) => typeof s === 'string' && s))
    throw new SlackConfigError(`SLACK_USERS["${id}"].sites must be "*" or a non-empty list of site ids`)
  return { role: v.role as Role, sites: sites as string[] }
}
