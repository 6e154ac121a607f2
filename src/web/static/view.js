// A cited source: PDFs open as the original at the cited page; other formats are shown as text with the cited
// passage highlighted and scrolled into view.
import { api, el, header, problemBox } from './common.js'

const box = document.getElementById('doc')
const id = decodeURIComponent(location.pathname.split('/').pop())
const params = new URLSearchParams(location.search)
const page = Number(params.get('page')) || null
const section = params.get('section')
const quote = params.get('q')

try {
  await header('')
  const doc = await api(`/v1/documents/${encodeURIComponent(id)}`)
  const file = `/v1/documents/${encodeURIComponent(id)}/file`
  if (doc.mime_type === 'application/pdf' && params.get('text') !== '1') {
    location.replace(`${file}${page ? `#page=${page}` : ''}`)
  } else {
    const { chunks } = await api(`/v1/documents/${encodeURIComponent(id)}/chunks`)
    document.title = `${doc.title} · Plant Copilot`
    const target = pick(chunks)
    box.append(
      el('h1', {}, doc.title),
      el(
        'p',
        { class: 'row small muted' },
        el('span', { class: 'badge muted' }, doc.kind),
        `${doc.source} · version ${doc.version}`,
        el('a', { href: file, target: '_blank', rel: 'noopener' }, 'original file'),
      ),
    )
    let lastWhere = ''
    for (const c of chunks) {
      const where = [c.page ? `page ${c.page}` : null, c.section].filter(Boolean).join(' · ')
      if (where && where !== lastWhere) box.append(el('div', { class: 'where' }, where))
      lastWhere = where
      const node = el(
        'div',
        { class: `chunk${c === target ? ' hit' : ''}`, 'data-testid': c === target ? 'cited' : null },
        c.text,
      )
      box.append(node)
      if (c === target) requestAnimationFrame(() => node.scrollIntoView({ block: 'center' }))
    }
  }
} catch (err) {
  box.replaceChildren(problemBox(err))
}

/** The cited chunk: same page and section, the one containing the quoted words if several. */
function pick(chunks) {
  const candidates = chunks.filter((c) => (!page || c.page === page) && (!section || c.section === section))
  if (quote) {
    const words = quote
      .toLowerCase()
      .replace(/…$/, '')
      .split(/\s+/)
      .filter((w) => w.length > 3)
    let best = null
    let bestScore = 0
    for (const c of candidates.length ? candidates : chunks) {
      const t = c.text.toLowerCase()
      const score = words.filter((w) => t.includes(w)).length
      if (score > bestScore) [best, bestScore] = [c, score]
    }
    if (best) return best
  }
  return candidates[0] ?? null
}
