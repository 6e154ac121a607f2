/**
 * Routes are declared once: `declareRoutes(app, base)` gives a `route(spec, handler)` that registers the route's
 * OpenAPI description (`describeRoute`), enforces the roles the description names, and hands the handler parsers
 * bound to the described params, query and body schemas. What the reference says (roles, inputs) is therefore
 * what the route does; nothing is written twice.
 *
 * The handler decides when each input is parsed (`input.params()`, `input.query()`, `input.json(…)`,
 * `input.form()`), so a route keeps its order of checks (e.g. the site before the other query parameters:
 * 403 before 400). The role check runs first, after any `middleware` of the spec (e.g. a body limit).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import { type AuthEnv, requireRole } from './auth.ts'
import { describeRoute, type RouteDoc } from './openapi.ts'
import { parseOr400, readJsonObject } from './schemas.ts'

type Schema = z.ZodType | undefined
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : never

export interface RouteSpec<P extends Schema, Q extends Schema, B extends Schema>
  extends Omit<RouteDoc, 'params' | 'query' | 'body'> {
  params?: P
  query?: Q
  body?: B
  /** Runs before the role check and the handler (not part of the description). */
  middleware?: MiddlewareHandler<AuthEnv>[]
}

/** The inputs of a request, each parsed with the schema the route describes (a failure is a 400 problem). */
export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema> {
  params(): Parsed<P>
  query(): Parsed<Q>
  /** `value` (a body the handler read itself) checked with the body schema. */
  body(value: unknown): Parsed<B>
  /** The JSON object body (see `readJsonObject` for the messages), checked with the body schema. */
  json(detail: string, field?: string, notObjectDetail?: string): Promise<Parsed<B>>
  /** The multipart form, checked with the body schema. */
  form(): Promise<Parsed<B>>
}

export type RouteHandler<P extends Schema, Q extends Schema, B extends Schema> = (
  c: Context<AuthEnv>,
  input: RouteInput<P, Q, B>,
) => Response | Promise<Response>

/**
 * A declarer of routes on `app`, a router mounted at `base` ('/v1' for the API, '' for one mounted at '/'):
 * specs carry the full path (as the reference shows it); the router gets it without `base`.
 */
export function declareRoutes(app: Hono<AuthEnv>, base = '') {
  return function route<
    P extends Schema = undefined,
    Q extends Schema = undefined,
    B extends Schema = undefined,
  >(spec: RouteSpec<P, Q, B>, handler: RouteHandler<P, Q, B>): RouteDoc {
    if (!spec.path.startsWith(base)) throw new Error(`route ${spec.path} is not under ${base}`)
    const { middleware = [], ...doc } = spec
    const described = describeRoute(doc)
    const roles = Array.isArray(spec.auth) ? spec.auth : null
    const need = <S extends z.ZodType | undefined>(s: S, what: string): z.ZodType => {
      if (!s) throw new Error(`route ${spec.method} ${spec.path} describes no ${what}`)
      return s
    }
    const final: MiddlewareHandler<AuthEnv> = async (c) => {
      if (roles) requireRole(c.get('principal'), ...roles)
      const input: RouteInput<P, Q, B> = {
        params: () => parseOr400(need(spec.params, 'params'), c.req.param()) as Parsed<P>,
        query: () => parseOr400(need(spec.query, 'query'), c.req.query()) as Parsed<Q>,
        body: (value) => parseOr400(need(spec.body, 'body'), value) as Parsed<B>,
        json: async (detail, field, notObjectDetail) =>
          parseOr400(
            need(spec.body, 'body'),
            await readJsonObject(c.req, detail, field, notObjectDetail),
          ) as Parsed<B>,
        form: async () => parseOr400(need(spec.body, 'body'), await c.req.parseBody()) as Parsed<B>,
      }
      return handler(c, input)
    }
    const path = spec.path.slice(base.length) || '/'
    const method = spec.method.toUpperCase()
    // One registration per handler: Hono runs them in this order for the route.
    for (const m of middleware) app.on(method, path, m)
    app.on(method, path, final)
    return described
  }
}
