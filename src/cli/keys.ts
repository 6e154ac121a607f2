/**
 * npm run keys -- create --name NAME --role operator|planner|admin [--sites site1,site2|*]
 * npm run keys -- list
 * npm run keys -- revoke <id|prefix|name>
 */

import { loadConfig } from '../config.ts'
import { openCliStore } from '../services.ts'
import { createApiKey, listApiKeys, revokeApiKey } from '../store/keys.ts'
import { ROLES, type Role } from '../store/schema.ts'
import { parseArgs, runCli } from './run.ts'

runCli(async () => {
  const [cmd, ...rest] = process.argv.slice(2)
  const args = parseArgs(rest, { values: ['name', 'role', 'sites'] })
  if (!cmd || !['create', 'list', 'revoke'].includes(cmd)) {
    throw new Error(
      'usage: npm run keys -- create --name N --role operator|planner|admin [--sites a,b|*] | list | revoke <id|prefix|name>',
    )
  }
  const store = await openCliStore(loadConfig())
  try {
    if (cmd === 'create') {
      const role = args.values.role as Role
      if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`)
      const name = args.values.name?.trim()
      if (!name) throw new Error('--name is required')
      const sitesArg = (args.values.sites ?? '*').trim()
      const sites =
        sitesArg === '*'
          ? '*'
          : sitesArg
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
      if (sites !== '*' && sites.length === 0) throw new Error('--sites needs at least one site id, or *')
      const key = await createApiKey(store, { name, role, sites })
      process.stdout.write(`${key.secret}\n`)
      process.stderr.write(`created key "${name}" (${role}, sites ${sitesArg}); it is shown only this once\n`)
    } else if (cmd === 'list') {
      for (const k of await listApiKeys(store)) {
        process.stdout.write(
          `${k.id}  ${k.prefix}…  ${k.role.padEnd(8)}  ${k.sites.join(',').padEnd(20)}  ${k.name}${k.revokedAt ? '  (revoked)' : ''}\n`,
        )
      }
    } else {
      const which = args.positional[0]
      if (!which) throw new Error('revoke needs a key id, prefix or name')
      const n = await revokeApiKey(store, which)
      if (n === 0) throw new Error(`no active key matches "${which}"`)
      process.stderr.write(`revoked ${n} key(s)\n`)
    }
  } finally {
    await store.close()
  }
  return 0
})
