// Upload with progress (bytes sent, then the server's parse / embed / store stages) and the document list.
import { api, el, header, sseEvents } from './common.js'

const $ = (id) => document.getElementById(id)
const me = await header('upload')
const canWrite = me.role === 'planner' || me.role === 'admin'
for (const s of me.sites) $('site').append(el('option', { value: s.id }, s.name || s.id))
if (!canWrite) {
  $('upload-card').replaceChildren(
    el('p', { class: 'muted' }, 'Adding or removing documents needs a planner or admin key.'),
  )
}

const drop = $('drop')
if (drop) {
  drop.addEventListener('dragover', (e) => {
    e.preventDefault()
    drop.classList.add('over')
  })
  drop.addEventListener('dragleave', () => drop.classList.remove('over'))
  drop.addEventListener('drop', (e) => {
    e.preventDefault()
    drop.classList.remove('over')
    uploadAll(e.dataTransfer.files)
  })
  $('files').addEventListener('change', (e) => uploadAll(e.target.files))
}
$('filter').addEventListener('input', render)

let docs = []
await loadDocs()

async function loadDocs() {
  docs = (await api('/v1/documents')).documents
  render()
}

function render() {
  const f = $('filter').value.toLowerCase()
  $('docs').replaceChildren(
    ...docs
      .filter((d) => !f || `${d.title} ${d.source} ${d.asset_tags.join(' ')}`.toLowerCase().includes(f))
      .map((d) =>
        el(
          'tr',
          {},
          el(
            'td',
            {},
            el('a', { href: `/view/${d.id}?text=1` }, d.title),
            el('div', { class: 'small muted' }, d.source),
          ),
          el('td', {}, d.kind),
          el('td', {}, d.site),
          el(
            'td',
            {},
            `${d.pages ?? '—'} / ${d.chunks ?? '—'}`,
            d.warnings.length
              ? el(
                  'div',
                  { class: 'small badge warn', title: d.warnings.join('\n') },
                  `${d.warnings.length} warning(s)`,
                )
              : '',
          ),
          el('td', {}, String(d.version)),
          el('td', {}, canWrite ? el('button', { type: 'button', onclick: () => remove(d) }, 'Delete') : ''),
        ),
      ),
  )
}

async function remove(d) {
  if (!confirm(`Delete “${d.title}” from the knowledge base?`)) return
  await api(`/v1/documents/${d.id}`, { method: 'DELETE' })
  await loadDocs()
}

async function uploadAll(files) {
  for (const f of files) await upload(f)
  await loadDocs()
}

const STAGES = { parse: 'parsed', embed: 'embedding', store: 'storing', index: 'indexing' }

/** One file: XHR for the upload's byte progress, then the server's progress events on the same response. */
function upload(file) {
  const bar = el('div')
  const status = el('span', { class: 'small', 'data-testid': 'upload-status' }, 'uploading…')
  const progress = el('div', { class: 'progress' }, bar)
  const row = el(
    'div',
    { class: 'card', 'data-testid': 'upload-job' },
    el('div', { class: 'row' }, el('strong', { class: 'grow' }, file.name), status),
    progress,
  )
  $('jobs').prepend(row)
  const form = new FormData()
  form.set('file', file)
  form.set('site', $('site').value)
  if ($('kind').value) form.set('kind', $('kind').value)
  if ($('mapping').value.trim()) form.set('mapping', $('mapping').value.trim())
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/v1/documents')
    xhr.setRequestHeader('X-Requested-With', 'fetch')
    xhr.setRequestHeader('Accept', 'text/event-stream')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) bar.style.width = `${Math.round((e.loaded / e.total) * 30)}%`
    }
    let seen = 0
    const onEvents = () => {
      const text = xhr.responseText
      const { events, rest } = sseEvents(text.slice(seen))
      seen = text.length - rest.length
      for (const { event, data } of events) {
        if (event === 'progress') {
          const frac = data.total ? data.done / data.total : 1
          const base = { parse: 30, embed: 35, store: 60, index: 95 }[data.stage] ?? 30
          const span = { parse: 5, embed: 25, store: 35, index: 5 }[data.stage] ?? 0
          bar.style.width = `${Math.round(base + frac * span)}%`
          status.textContent = `${STAGES[data.stage] ?? data.stage} ${data.done}/${data.total} chunks`
        } else if (event === 'done') {
          bar.style.width = '100%'
          progress.classList.add('done')
          status.textContent = `${data.status}: ${plural(data.chunks, 'chunk')}${data.work_orders ? `, ${plural(data.work_orders, 'work order')}` : ''}${data.warnings?.length ? ` — ${data.warnings.join('; ')}` : ''}`
        } else if (event === 'error') {
          fail(data)
        }
      }
    }
    const fail = (p) => {
      progress.classList.add('failed')
      bar.style.width = '100%'
      status.textContent = `${p.title ?? 'Failed'}: ${p.detail ?? ''}`
      status.classList.add('error')
    }
    xhr.onprogress = onEvents
    xhr.onload = () => {
      if (xhr.status === 401) location.href = `/login?next=${encodeURIComponent('/upload')}`
      if ((xhr.getResponseHeader('content-type') ?? '').includes('event-stream')) onEvents()
      else {
        let p = {}
        try {
          p = JSON.parse(xhr.responseText)
        } catch {}
        if (xhr.status >= 400) fail(p)
        else {
          bar.style.width = '100%'
          progress.classList.add('done')
          status.textContent = `${p.status}: ${plural(p.chunks, 'chunk')}`
        }
      }
      resolve()
    }
    xhr.onerror = () => {
      fail({ title: 'Network error', detail: 'the upload did not reach the server' })
      resolve()
    }
    xhr.send(form)
  })
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
