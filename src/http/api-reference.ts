/**
 * The readable API reference (`GET /docs/api`): the OpenAPI document rendered on the server as one HTML page
 * with inline CSS and no script, so it works on an air-gapped plant network. Every text is escaped.
 */
import type { OpenApiDocument } from './openapi.ts'

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema nodes of any shape are walked dynamically
type Json = Record<string, any>

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

export function esc(v: unknown): string {
  return String(v).replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )
}

/** Inline `code` in descriptions; everything else stays plain escaped text. */
function prose(v: unknown): string {
  return esc(v)
    .split(/\n{2,}/)
    .map((p) => p.replace(/`([^`]+)`/g, '<code>$1</code>'))
    .join('<br><br>')
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
const refName = (ref: string) => ref.split('/').pop() ?? ref

export function renderApiReference(doc: OpenApiDocument, baseUrl: string): string {
  const ops: Array<{ method: string; path: string; op: Json }> = []
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of METHODS) if (item[method]) ops.push({ method, path, op: item[method] as Json })
  const byTag = new Map<string, typeof ops>()
  for (const t of doc.tags) byTag.set(t.name, [])
  for (const o of ops) {
    const tag = (o.op.tags as string[] | undefined)?.[0] ?? 'other'
    if (!byTag.has(tag)) byTag.set(tag, [])
    byTag.get(tag)!.push(o)
  }
  const tagText = new Map(doc.tags.map((t) => [t.name, t.description]))
  const nav = [...byTag.entries()]
    .filter(([, list]) => list.length)
    .map(
      ([tag, list]) =>
        `<li><a href="#tag-${esc(slug(tag))}">${esc(tag)}</a><ul>${list
          .map(
            (o) =>
              `<li><a href="#${esc(opAnchor(o.method, o.path))}"><span class="m m-${o.method}">${esc(o.method.toUpperCase())}</span> ${esc(o.path)}</a></li>`,
          )
          .join('')}</ul></li>`,
    )
    .join('')
  const sections = [...byTag.entries()]
    .filter(([, list]) => list.length)
    .map(
      ([tag, list]) =>
        `<section id="tag-${esc(slug(tag))}"><h2>${esc(tag)}</h2>${
          tagText.get(tag) ? `<p class="tagdesc">${prose(tagText.get(tag))}</p>` : ''
        }${list.map((o) => renderOperation(o.method, o.path, o.op, doc, baseUrl)).join('')}</section>`,
    )
    .join('')
  const schemas = Object.entries(doc.components.schemas)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, s]) =>
        `<div class="schema" id="schema-${esc(name)}"><h3>${esc(name)}</h3>${
          s.description ? `<p>${prose(s.description)}</p>` : ''
        }${renderSchema(s, 0)}</div>`,
    )
    .join('')
  const security = Object.entries(doc.components.securitySchemes)
    .map(
      ([name, s]) =>
        `<li><strong>${esc(name)}</strong>: ${esc(
          s.type === 'http' ? `HTTP ${s.scheme}` : `${s.type} in ${s.in} "${s.name}"`,
        )}${s.description ? ` — ${prose(s.description)}` : ''}</li>`,
    )
    .join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} — reference</title>
<style>${CSS}</style>
</head>
<body>
<nav><p class="brand">${esc(doc.info.title)}</p><p><a href="/openapi.json">openapi.json</a></p><ul>${nav}</ul>
<p><a href="#schemas">Schemas</a></p></nav>
<main>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)} · OpenAPI ${esc(doc.openapi)}</small></h1>
<p>${prose(doc.info.description)}</p>
<h3>Authentication</h3><ul>${security}</ul>
<p>Examples use <code>$API_KEY</code> for a key and <code>${esc(baseUrl)}</code> as the service.</p>
${sections}
<section id="schemas"><h2>Schemas</h2>${schemas}</section>
</main>
</body>
</html>
`
}

function opAnchor(method: string, path: string): string {
  return `op-${method}-${slug(path)}`
}

function renderOperation(method: string, path: string, op: Json, doc: OpenApiDocument, baseUrl: string) {
  const params = (op.parameters ?? []) as Json[]
  const paramRows = params
    .map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${esc(
          p.in,
        )}</td><td>${typeLabel(p.schema ?? {})}</td><td>${p.description ? prose(p.description) : ''}${constraints(p.schema ?? {})}</td></tr>`,
    )
    .join('')
  const body = op.requestBody?.content as Record<string, Json> | undefined
  const bodyHtml = body
    ? Object.entries(body)
        .map(
          ([type, m]) => `<h4>Request body <code>${esc(type)}</code></h4>${renderSchema(m.schema ?? {}, 0)}`,
        )
        .join('')
    : ''
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
    .map(([status, r]) => {
      const content = Object.entries((r.content ?? {}) as Record<string, Json>)
      const inner = content
        .map(
          ([type, m]) =>
            `<div class="ct"><code>${esc(type)}</code> ${typeLabel(m.schema ?? {})}${
              isRich(m.schema)
                ? `<details><summary>schema</summary>${renderSchema(m.schema, 0)}</details>`
                : ''
            }</div>`,
        )
        .join('')
      return `<tr><td class="status s${esc(status.charAt(0))}">${esc(status)}</td><td>${prose(r.description ?? '')}${inner}</td></tr>`
    })
    .join('')
  const roles = op['x-roles'] as string[] | undefined
  return `<article class="op" id="${esc(opAnchor(method, path))}">
<h3><span class="m m-${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p class="summary">${esc(op.summary ?? '')}</p>
${op.description ? `<p>${prose(op.description)}</p>` : ''}
${roles ? `<p class="roles">Roles: ${roles.map((r) => `<code>${esc(r)}</code>`).join(' ')}</p>` : ''}
${paramRows ? `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr></thead><tbody>${paramRows}</tbody></table>` : ''}
${bodyHtml}
<h4>Responses</h4><table class="responses"><tbody>${responses}</tbody></table>
<h4>Example</h4><pre class="curl">${esc(curlExample(method, path, op, doc, baseUrl))}</pre>
</article>`
}

function isRich(s: Json | undefined): boolean {
  return !!s && (!!s.properties || !!s.items || !!s.anyOf || !!s.oneOf)
}

/** A short type: string, integer, "up" | "down", array of Document, … (component names link to their schema). */
function typeLabel(s: Json): string {
  if (s.$ref) return `<a href="#schema-${esc(refName(s.$ref))}">${esc(refName(s.$ref))}</a>`
  if (s.const !== undefined) return `<code>${esc(JSON.stringify(s.const))}</code>`
  if (Array.isArray(s.enum))
    return s.enum.map((v: unknown) => `<code>${esc(JSON.stringify(v))}</code>`).join(' | ')
  const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined
  if (variants) return variants.map(variantLabel).join(' | ')
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : []
  if (!types.length) return s.format ? esc(s.format) : 'any'
  return types
    .map((t) => {
      if (t === 'array') return `array of ${s.items ? typeLabel(s.items) : 'any'}`
      return esc(t) + (s.format ? ` <span class="fmt">(${esc(s.format)})</span>` : '')
    })
    .join(' | ')
}

/** A union member; an object tagged by a constant property (`event`, `kind`) is named by it. */
function variantLabel(s: Json): string {
  const tag = Object.entries((s.properties ?? {}) as Record<string, Json>).find(
    ([, p]) => p.const !== undefined,
  )
  return tag ? `object (${esc(tag[0])} <code>${esc(JSON.stringify(tag[1].const))}</code>)` : typeLabel(s)
}

function constraints(s: Json): string {
  const parts: string[] = []
  const add = (label: string, v: unknown) => {
    if (v !== undefined)
      parts.push(`${label} <code>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</code>`)
  }
  add('default', s.default)
  add('min', s.minimum)
  add('max', s.maximum)
  add('min length', s.minLength)
  add('max length', s.maxLength)
  add('min items', s.minItems)
  add('max items', s.maxItems)
  add('pattern', s.pattern && s.format ? undefined : s.pattern)
  add('example', Array.isArray(s.examples) ? s.examples[0] : undefined)
  return parts.length ? `<div class="cons">${parts.join(' · ')}</div>` : ''
}

/** An object as a table of its properties (nested objects inside), anything else as its type. */
function renderSchema(s: Json, depth: number): string {
  if (!s || typeof s !== 'object') return ''
  if (s.properties && depth < 4) {
    const required = new Set((s.required ?? []) as string[])
    const rows = Object.entries(s.properties as Record<string, Json>)
      .map(([name, p]) => {
        const nested = p.properties
          ? renderSchema(p, depth + 1)
          : p.items?.properties
            ? renderSchema(p.items, depth + 1)
            : ''
        return `<tr><td><code>${esc(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td><td>${typeLabel(
          p,
        )}</td><td>${p.description ? prose(p.description) : ''}${constraints(p)}${nested}</td></tr>`
      })
      .join('')
    return `<table class="props"><tbody>${rows}</tbody></table>`
  }
  const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined
  if (variants && depth < 4)
    return `<p>One of:</p><ol class="variants">${variants.map((v) => `<li>${renderSchema(v, depth + 1)}</li>`).join('')}</ol>`
  if (s.type === 'array' && s.items)
    return `<p>array of ${typeLabel(s.items)}</p>${s.items.properties ? renderSchema(s.items, depth + 1) : ''}`
  return `<p>${typeLabel(s)}${constraints(s)}</p>`
}

// ---- curl examples ----

function resolve(s: Json | undefined, doc: OpenApiDocument): Json {
  let cur = s ?? {}
  for (let i = 0; i < 5 && cur.$ref; i++) cur = doc.components.schemas[refName(cur.$ref)] ?? {}
  return cur
}

/** A plausible value for a schema: its example, default, first enum value or a placeholder. */
function sample(s: Json | undefined, doc: OpenApiDocument, name: string, depth = 0): unknown {
  const r = resolve(s, doc)
  if (Array.isArray(r.examples) && r.examples.length) return r.examples[0]
  if (r.default !== undefined) return r.default
  if (r.const !== undefined) return r.const
  if (Array.isArray(r.enum)) return r.enum[0]
  const variants = (r.anyOf ?? r.oneOf) as Json[] | undefined
  if (variants?.length) return sample(variants[0], doc, name, depth)
  const type = Array.isArray(r.type) ? r.type[0] : r.type
  if (type === 'object' || r.properties) {
    if (depth > 2) return {}
    const req = new Set((r.required ?? []) as string[])
    const out: Record<string, unknown> = {}
    for (const [k, p] of Object.entries((r.properties ?? {}) as Record<string, Json>))
      if (req.has(k)) out[k] = sample(p, doc, k, depth + 1)
    return out
  }
  if (type === 'array') return depth > 2 ? [] : [sample(r.items, doc, name, depth + 1)]
  if (type === 'integer' || type === 'number') return r.minimum ?? 1
  if (type === 'boolean') return true
  return `<${name}>`
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

function curlExample(method: string, path: string, op: Json, doc: OpenApiDocument, baseUrl: string): string {
  const params = (op.parameters ?? []) as Json[]
  let url = path
  const query: string[] = []
  for (const p of params) {
    if (p.in === 'path') {
      const v = String(sample(p.schema, doc, p.name))
      url = url.replace(`{${p.name}}`, v.startsWith('<') ? v : encodeURIComponent(v))
    } else if (p.in === 'query' && (p.required || p.schema?.examples)) {
      query.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(String(sample(p.schema, doc, p.name)))}`)
    }
  }
  const parts = ['curl']
  if (method !== 'get') parts.push(`-X ${method.toUpperCase()}`)
  if ((op.security as unknown[] | undefined)?.length) parts.push('-H "Authorization: Bearer $API_KEY"')
  const content = op.requestBody?.content as Record<string, Json> | undefined
  if (content?.['application/json']) {
    parts.push("-H 'Content-Type: application/json'")
    parts.push(`-d ${shellQuote(JSON.stringify(sample(content['application/json'].schema, doc, 'body')))}`)
  } else if (content?.['multipart/form-data']) {
    const s = resolve(content['multipart/form-data'].schema, doc)
    const req = new Set((s.required ?? []) as string[])
    for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, Json>)) {
      if (p.format === 'binary') parts.push(`-F ${shellQuote(`${k}=@manual.pdf`)}`)
      else if (req.has(k) || k === 'site') parts.push(`-F ${shellQuote(`${k}=${String(sample(p, doc, k))}`)}`)
    }
  }
  parts.push(shellQuote(`${baseUrl}${url}${query.length ? `?${query.join('&')}` : ''}`))
  return parts.join(' ')
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;background:#f7f8fa;display:flex}
nav{width:300px;flex:none;height:100vh;position:sticky;top:0;overflow:auto;padding:16px;background:#fff;border-right:1px solid #dde1e6;font-size:13px}
nav ul{list-style:none;padding-left:8px;margin:4px 0}
nav li li{white-space:nowrap}
nav .m{min-width:44px;font-size:10px}
nav a{color:#1d4f91;text-decoration:none}
nav a:hover{text-decoration:underline}
.brand{font-weight:700;font-size:15px}
main{flex:1;min-width:0;padding:24px 40px;max-width:1100px}
h1 small{font-size:14px;color:#5b6570;font-weight:400}
h2{border-bottom:2px solid #dde1e6;padding-bottom:4px;margin-top:40px;text-transform:capitalize}
.op{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px 18px;margin:16px 0}
.op h3{margin:4px 0;font-size:16px}
.summary{font-weight:600;margin:4px 0}
.m{display:inline-block;min-width:58px;text-align:center;border-radius:4px;padding:1px 6px;font-size:12px;font-weight:700;color:#fff;background:#5b6570}
.m-get{background:#1f7a4d}.m-post{background:#1d4f91}.m-put{background:#8a5a00}.m-patch{background:#6b3fa0}.m-delete{background:#a12a2a}
table{border-collapse:collapse;width:100%;margin:6px 0;font-size:14px}
th,td{border:1px solid #e3e6ea;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}
table.props table.props{margin-top:6px}
.req{color:#a12a2a;font-size:11px;font-weight:600}
.cons{color:#5b6570;font-size:12px}
.fmt{color:#5b6570}
.status{font-weight:700;width:60px}.s2{color:#1f7a4d}.s4{color:#a12a2a}.s5{color:#a12a2a}
.ct{margin-top:4px}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f0f2f5;padding:0 3px;border-radius:3px}
pre.curl{background:#1d232a;color:#e8eaed;padding:10px;border-radius:4px;overflow:auto;white-space:pre-wrap;word-break:break-all}
details summary{cursor:pointer;color:#1d4f91;font-size:13px}
.schema{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:8px 16px;margin:12px 0}
.roles{color:#5b6570}
@media (max-width:800px){body{display:block}nav{width:auto;height:auto;position:static}main{padding:16px}}
`
