/**
 * An in-process OPC UA server for tests: node-opcua's OPCUAServer on 127.0.0.1 with a few plant variables whose
 * values a test sets, optional in-memory history (installHistoricalDataNode), anonymous access plus one
 * user/password, and a log of the name of every service request it receives (e.g. 'ReadRequest').
 *
 * Certificates go under `pkiDir` (never the user's ~/.config), which the test creates and removes.
 */
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import {
  DataType,
  OPCUACertificateManager,
  OPCUAServer,
  StatusCodes,
  type UAVariable,
  Variant,
} from 'node-opcua'

export interface TestVariable {
  /** Becomes the NodeId ns=1;s=<name>. */
  name: string
  description: string
  dataType: 'Double' | 'Boolean' | 'String'
  initial: number | boolean | string
  /** Advertise HistoryRead in the access level without keeping history. */
  claimsHistory?: boolean
}

export const TEST_VARIABLES: TestVariable[] = [
  { name: 'PT-101', description: 'P-101 discharge pressure', dataType: 'Double', initial: 4.2 },
  { name: 'TT-101A', description: 'P-101 drive-end bearing temperature', dataType: 'Double', initial: 61.5 },
  { name: 'FT-101', description: 'P-101 discharge flow', dataType: 'Double', initial: 120 },
  { name: 'P-101.Running', description: 'P-101 running', dataType: 'Boolean', initial: true },
  // Claims HistoryRead access but keeps no history: HistoryRead answers BadHistoryOperationUnsupported.
  { name: 'LT-101', description: 'T-101 level', dataType: 'Double', initial: 62, claimsHistory: true },
]

export const TEST_USER = { username: 'reader', password: 'plant-reader-pw' }

export interface StartOptions {
  /** 0 or omitted: a free port is picked. */
  port?: number
  /** Folder for the server's certificates (a temp dir the test owns). */
  pkiDir: string
  /** true: every numeric variable keeps history; or the names of those that do. */
  historizing?: boolean | string[]
}

export interface SetValueOptions {
  /** Source timestamp (default now). */
  at?: Date
  quality?: 'good' | 'uncertain' | 'bad'
}

export interface TestOpcUaServer {
  endpoint: string
  port: number
  /** Service request names received, in order, across restarts (e.g. 'CreateSessionRequest', 'ReadRequest'). */
  requests: string[]
  setValue(name: string, value: number | boolean | string, opts?: SetValueOptions): void
  stop(): Promise<void>
  /** Stops (if running) and starts a new server on the same port; current values are kept, history is not. */
  restart(): Promise<void>
}

const RESOURCE_PATH = '/UA/PlantTest'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export async function startOpcUaServer(opts: StartOptions): Promise<TestOpcUaServer> {
  const port = opts.port || (await freePort())
  const values = new Map<
    string,
    { value: number | boolean | string; at: Date; quality: SetValueOptions['quality'] }
  >()
  for (const v of TEST_VARIABLES) values.set(v.name, { value: v.initial, at: new Date(), quality: 'good' })
  const historized = new Set(
    opts.historizing === true
      ? TEST_VARIABLES.filter((v) => v.dataType === 'Double' && !v.claimsHistory).map((v) => v.name)
      : opts.historizing || [],
  )
  const requests: string[] = []
  const serverPki = join(opts.pkiDir, 'server')
  const userPki = join(opts.pkiDir, 'server-users')
  mkdirSync(serverPki, { recursive: true })
  mkdirSync(userPki, { recursive: true })

  let server: OPCUAServer | null = null
  let nodes = new Map<string, UAVariable>()

  const statusOf = (q: SetValueOptions['quality']) =>
    q === 'bad'
      ? StatusCodes.BadSensorFailure
      : q === 'uncertain'
        ? StatusCodes.UncertainLastUsableValue
        : StatusCodes.Good

  const variantOf = (def: TestVariable, value: number | boolean | string) =>
    new Variant({ dataType: DataType[def.dataType], value })

  const start = async () => {
    const serverCertificateManager = new OPCUACertificateManager({
      rootFolder: serverPki,
      automaticallyAcceptUnknownCertificate: true,
    })
    const userCertificateManager = new OPCUACertificateManager({
      rootFolder: userPki,
      automaticallyAcceptUnknownCertificate: true,
    })
    const s = new OPCUAServer({
      port,
      host: '127.0.0.1',
      hostname: '127.0.0.1',
      resourcePath: RESOURCE_PATH,
      serverCertificateManager,
      userCertificateManager,
      allowAnonymous: true,
      userManager: {
        isValidUser: (username: string, password: string) =>
          username === TEST_USER.username && password === TEST_USER.password,
      },
      buildInfo: { productName: 'plant-copilot test server', manufacturerName: 'tests' },
    })
    await s.initialize()
    const addressSpace = s.engine.addressSpace!
    const ns = addressSpace.getOwnNamespace()
    const folder = ns.addFolder(addressSpace.rootFolder.objects, { browseName: 'Plant' })
    nodes = new Map()
    for (const def of TEST_VARIABLES) {
      const cur = values.get(def.name)!
      const node = ns.addVariable({
        organizedBy: folder,
        nodeId: `s=${def.name}`,
        browseName: def.name,
        description: def.description,
        dataType: def.dataType,
        minimumSamplingInterval: 0,
        ...(def.claimsHistory
          ? { accessLevel: 'CurrentRead | HistoryRead', userAccessLevel: 'CurrentRead | HistoryRead' }
          : {}),
      })
      if (historized.has(def.name)) addressSpace.installHistoricalDataNode(node, { maxOnlineValues: 10_000 })
      node.setValueFromSource(variantOf(def, cur.value), statusOf(cur.quality), cur.at)
      nodes.set(def.name, node)
    }
    s.on('request', (request: { schema: { name: string } }) => {
      requests.push(request.schema.name)
    })
    await s.start()
    server = s
  }

  const stop = async () => {
    const s = server
    server = null
    if (s) await s.shutdown(0)
  }

  await start()

  return {
    endpoint: `opc.tcp://127.0.0.1:${port}${RESOURCE_PATH}`,
    port,
    requests,
    setValue(name, value, o = {}) {
      const def = TEST_VARIABLES.find((v) => v.name === name)
      if (!def) throw new Error(`test server has no variable ${name}`)
      const at = o.at ?? new Date()
      values.set(name, { value, at, quality: o.quality })
      nodes.get(name)?.setValueFromSource(variantOf(def, value), statusOf(o.quality), at)
    },
    stop,
    async restart() {
      await stop()
      await start()
    },
  }
}
