// Shared by every page: the API helper (session cookie + CSRF header + sign-in redirect), a DOM builder and the top bar.

/** Calls the service. JSON in and out; a problem+json answer becomes an Error with title, detail and field. */
export async function api(path, init = {}) {
  const headers = new Headers(init.headers)
  headers.set('X-Requested-With', 'fetch')
  let body = init.body
  if (body && !(body instanceof FormData) && typeof body !== 'string') {
    headers.set('Content-Type', 'application/json')
    body = JSON.stringify(body)
  }
  const res = await fetch(path, { ...init, headers, body, credentials: 'same-origin' })
  if (res.status === 401 && !init.noRedirect) {
    location.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`
    throw new Error('not signed in')
  }
  if (!res.ok) throw await problemError(res)
  if (init.raw) return res
  const type = res.headers.get('content-type') ?? ''
  return type.includes('json') ? res.json() : res.text()
}

export async function problemError(res) {
  let p = {}
  try {
    p = await res.json()
  } catch {}
  const err = new Error(p.detail || `${res.status} ${res.statusText}`)
  err.title = p.title || `Error ${res.status}`
  err.field = p.field
  err.status = res.status
  return err
}

/** el('a', { href, class: 'x', onclick }, 'text', child) — text children become text nodes, never HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v)
    else if (k === 'class') node.className = v
    else if (k === 'dataset') Object.assign(node.dataset, v)
    else if (k === 'value') node.value = v
    else node.setAttribute(k, v === true ? '' : String(v))
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue
    node.append(c instanceof Node ? c : document.createTextNode(String(c)))
  }
  return node
}

/** A problem shown in place: title and detail. */
export function problemBox(err) {
  return el(
    'div',
    { class: 'problem', role: 'alert', 'data-testid': 'problem' },
    el('strong', {}, err.title || 'Error'),
    ' ',
    err.message,
  )
}

/** Renders the top bar, returns the signed-in user (GET /auth/me) or redirects to sign-in. */
export async function header(active) {
  const me = await api('/auth/me')
  const links = [
    ['chat', '/', 'Chat'],
    ['upload', '/upload', 'Documents'],
    ['planner', '/planner', 'Procedures'],
    ['api', '/docs/api', 'API'],
  ]
  const bar = el(
    'header',
    { class: 'topbar' },
    el('span', { class: 'brand' }, 'Plant Copilot'),
    el(
      'nav',
      {},
      links.map(([id, href, label]) => el('a', { href, class: id === active ? 'active' : '' }, label)),
    ),
    el('span', { class: 'spacer' }),
    el(
      'span',
      {
        class: `badge ${me.mode}`,
        'data-testid': 'mode',
        title:
          me.mode === 'llm'
            ? `model ${me.model}`
            : 'answers are passages quoted from the documents; no model service',
      },
      me.mode === 'llm' ? 'LLM mode' : 'Offline mode',
    ),
    el('span', { class: 'who', 'data-testid': 'who' }, `${me.name} · ${me.role}`),
    el('button', { type: 'button', onclick: signOut }, 'Sign out'),
  )
  document.body.prepend(bar)
  return me
}

async function signOut() {
  await fetch('/auth/session', { method: 'DELETE', headers: { 'X-Requested-With': 'fetch' } })
  location.href = '/login'
}

/** Link to a cited passage: the original PDF at its page, or the web viewer with the passage highlighted. */
export function citationHref(c) {
  if (/\.pdf$/i.test(c.document.source))
    return `/v1/documents/${encodeURIComponent(c.document.id)}/file${c.page ? `#page=${c.page}` : ''}`
  return viewHref(c.document.id, c)
}

/** The viewer at a passage: `/view/<id>?page=&section=&q=` (whichever are known). */
export function viewHref(documentId, { page, section, snippet } = {}) {
  const q = new URLSearchParams()
  if (page) q.set('page', String(page))
  if (section) q.set('section', section)
  if (snippet) q.set('q', snippet.slice(0, 200))
  const qs = q.toString()
  return `/view/${encodeURIComponent(documentId)}${qs ? `?${qs}` : ''}`
}

export function citationLabel(c) {
  const where = [c.page ? `p. ${c.page}` : null, c.section].filter(Boolean).join(', ')
  return where ? `${c.document.title} — ${where}` : c.document.title
}

/**
 * The complete server-sent events in a text/event-stream text, as {event, data} (data parsed as JSON), and the
 * unfinished rest to prepend to what arrives next. Used by the chat's fetch stream and the upload's XHR.
 */
export function sseEvents(text) {
  const blocks = text.split('\n\n')
  const rest = blocks.pop() ?? ''
  const events = []
  for (const block of blocks) {
    let event = 'message'
    const data = []
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim()
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
    }
    if (data.length) events.push({ event, data: JSON.parse(data.join('\n')) })
  }
  return { events, rest }
}
