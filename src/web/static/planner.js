// Procedures for planners: draft one from the site's documents, edit it as versions, compare versions, submit,
// approve (someone other than the author) and export. Operators read and export only.
import { api, el, header, problemBox, viewHref } from './common.js'

const $ = (id) => document.getElementById(id)
const enc = encodeURIComponent
const STATUS = { draft: 'Draft', in_review: 'In review', approved: 'Approved' }
const EDITORS = ['planner', 'admin']

const state = {
  assets: [],
  /** The procedure (latest version) with its list of versions. */
  proc: null,
  /** The version on screen (the latest unless another was picked). */
  shown: null,
  editing: false,
  /** A message to show once after the next render: { kind: 'ok' | 'problem', text | err }. */
  flash: null,
}
const view = $('view')

const me = await header('planner')
const canEdit = EDITORS.includes(me.role)

setup()

function setup() {
  if (canEdit) {
    $('new-draft').hidden = false
    $('new-draft').addEventListener('submit', (e) => {
      e.preventDefault()
      draft()
    })
  }
  $('filter-status').addEventListener('change', loadList)
  $('filter-asset').addEventListener('change', loadList)
  window.addEventListener('popstate', () => openFromUrl(false))
  window.addEventListener('beforeunload', (e) => {
    if (isDirty()) e.preventDefault()
  })
  loadAssets()
  loadList()
  openFromUrl(false)
}

// ---------- list, filters and the new-draft form ----------

async function loadAssets() {
  try {
    const { assets } = await api('/v1/plant/assets')
    state.assets = assets
  } catch {
    state.assets = []
  }
  const manySites = new Set(state.assets.map((a) => a.site)).size > 1
  const label = (a) => `${a.tag} — ${a.name}${manySites ? ` (${a.site})` : ''}`
  const filter = $('filter-asset')
  for (const a of state.assets) filter.append(el('option', { value: a.tag }, label(a)))
  const picker = $('draft-asset')
  if (state.assets.length) {
    picker.append(el('option', { value: '' }, 'Choose equipment…'))
    for (const a of state.assets) picker.append(el('option', { value: a.tag }, label(a)))
  } else {
    // No plant model on this service: the tag is typed instead.
    picker.replaceWith(
      el('input', {
        id: 'draft-asset',
        'data-testid': 'draft-asset',
        required: true,
        placeholder: 'equipment tag, e.g. P-101',
      }),
    )
  }
}

async function loadList() {
  const list = $('list')
  const q = new URLSearchParams()
  if ($('filter-status').value) q.set('status', $('filter-status').value)
  if ($('filter-asset').value) q.set('asset', $('filter-asset').value)
  try {
    const { procedures } = await api(`/v1/procedures?${q}`)
    if (!procedures.length) {
      const filtered = q.size > 0
      list.replaceChildren(
        el(
          'li',
          { class: 'pl-empty muted', 'data-testid': 'list-empty' },
          filtered
            ? 'No procedures match these filters.'
            : canEdit
              ? 'No procedures yet. Draft the first one above.'
              : 'No procedures yet.',
        ),
      )
      return
    }
    list.replaceChildren(...procedures.map(listItem))
  } catch (err) {
    list.replaceChildren(el('li', {}, problemBox(err)))
  }
}

function listItem(p) {
  const active = state.proc?.id === p.id
  return el(
    'li',
    { class: 'pl-row' },
    el(
      'button',
      {
        type: 'button',
        class: `pl-item${active ? ' active' : ''}`,
        'data-testid': 'procedure-item',
        'data-id': p.id,
        'aria-current': active ? 'true' : null,
        onclick: () => open(p.id, undefined, { scroll: true }),
      },
      el(
        'span',
        { class: 'pl-item-head' },
        el('span', { class: 'pl-item-title' }, p.title),
        statusBadge(p.status, 'item-status'),
      ),
      el(
        'span',
        { class: 'pl-item-meta' },
        el('span', { class: 'pl-tag' }, p.asset),
        el('span', { class: 'muted' }, `version ${p.version} · ${when(p.updatedAt)}`),
      ),
    ),
  )
}

function markActive() {
  for (const b of $('list').querySelectorAll('.pl-item')) {
    const active = b.dataset.id === state.proc?.id
    b.classList.toggle('active', active)
    if (active) b.setAttribute('aria-current', 'true')
    else b.removeAttribute('aria-current')
  }
}

async function draft() {
  const msg = $('draft-msg')
  const button = $('draft-submit')
  const tag = $('draft-asset').value.trim()
  const task = $('draft-task').value.trim()
  if (!tag || !task) return
  const site = state.assets.find((a) => a.tag === tag)?.site
  button.disabled = true
  msg.replaceChildren(el('p', { class: 'small muted' }, 'Drafting from the SOPs, manuals and work orders…'))
  try {
    const proc = await api('/v1/procedures/draft', { method: 'POST', body: { asset: tag, task, site } })
    msg.replaceChildren()
    $('draft-task').value = ''
    state.flash = {
      kind: 'ok',
      text: 'Drafted as version 1. Check every section, fill what is missing, then submit.',
    }
    await loadList()
    await open(proc.id, undefined, { scroll: true })
  } catch (err) {
    msg.replaceChildren(problem(err))
  } finally {
    button.disabled = false
  }
}

// ---------- one procedure ----------

function openFromUrl(push) {
  const q = new URLSearchParams(location.search)
  const id = q.get('id')
  if (id) open(id, Number(q.get('v')) || undefined, { push })
  else showNothing()
}

function showNothing() {
  state.proc = null
  state.shown = null
  view.replaceChildren(
    el(
      'div',
      { class: 'card pl-placeholder' },
      el('h2', {}, 'Procedures'),
      el(
        'p',
        { class: 'muted' },
        canEdit
          ? 'Pick a procedure from the list, or draft a new one for a piece of equipment and a task. Drafts are built from the site’s lockout/tagout SOPs, manuals and work orders, and every section cites its sources.'
          : 'Pick a procedure from the list to read it. You can export any version as Markdown or Word.',
      ),
    ),
  )
  markActive()
}

async function open(id, version, { push = true, scroll = false } = {}) {
  if (isDirty() && !confirm('Discard the unsaved changes?')) return
  try {
    const proc = await api(`/v1/procedures/${enc(id)}`)
    const shown =
      version && version !== proc.version ? await api(`/v1/procedures/${enc(id)}/versions/${version}`) : proc
    state.proc = proc
    state.shown = shown
    state.editing = false
    if (push) {
      const url = `/planner?id=${enc(id)}${shown.shownVersion !== proc.version ? `&v=${shown.shownVersion}` : ''}`
      if (url !== location.pathname + location.search) history.pushState(null, '', url)
    }
    render()
    // On a tablet the list sits above the procedure: bring the opened one into view.
    if (scroll && window.matchMedia('(max-width: 900px)').matches) {
      const bar = document.querySelector('.topbar')?.offsetHeight ?? 0
      window.scrollTo({ top: view.getBoundingClientRect().top + window.scrollY - bar - 12 })
    }
  } catch (err) {
    state.proc = null
    state.shown = null
    view.replaceChildren(problem(err))
  }
  markActive()
}

/** Re-reads the procedure after a change (and the list, whose status and version changed). */
async function reload(version) {
  state.editing = false
  await Promise.all([open(state.proc.id, version, { push: false }), loadList()])
}

function render() {
  const proc = state.proc
  const shown = state.shown
  const content = shown.content
  const latest = shown.shownVersion === proc.version
  const refs = numberCitations(content)

  const parts = [headCard(proc, shown, latest)]
  if (!state.editing && proc.versions.length > 1) parts.push(compareCard(proc))

  const doc = el('article', { class: 'card pl-doc', 'data-testid': 'procedure-doc' })
  if (state.editing) {
    doc.classList.add('editing')
    doc.append(
      el('label', { class: 'small muted', for: 'edit-title' }, 'Title'),
      el('input', {
        id: 'edit-title',
        class: 'pl-edit-title',
        'data-testid': 'edit-title',
        value: content.title,
      }),
    )
    content.sections.forEach((s, i) => {
      doc.append(editSection(s, `${i + 1}`, 2))
    })
  } else {
    content.sections.forEach((s, i) => {
      doc.append(viewSection(s, `${i + 1}`, 2, refs))
    })
  }
  parts.push(doc)
  if (state.editing) parts.push(editBar(shown))
  view.replaceChildren(...parts)
  for (const t of view.querySelectorAll('textarea')) autosize(t)
}

function headCard(proc, shown, latest) {
  const content = shown.content
  const versions = el(
    'select',
    { id: 'version', 'data-testid': 'version-select', 'aria-label': 'Version', disabled: state.editing },
    proc.versions.map((v) =>
      el(
        'option',
        { value: String(v.version), selected: v.version === shown.shownVersion },
        `Version ${v.version}${v.version === proc.version ? ' (latest)' : ''}`,
      ),
    ),
  )
  versions.addEventListener('change', () => open(proc.id, Number(versions.value)))

  const asset = content.asset
  const facts = el(
    'dl',
    { class: 'pl-facts' },
    fact('Equipment', `${asset.tag}${asset.name ? ` — ${asset.name}` : ''}`, 'proc-asset'),
    fact('Task', content.task),
    me.all_sites || me.sites.length > 1 ? fact('Site', asset.site) : null,
    fact('Version', [
      versions,
      el('span', { class: 'small muted' }, `saved ${when(shown.versionCreatedAt)}`),
    ]),
    proc.status === 'approved' && proc.approvedAt ? fact('Approved', when(proc.approvedAt)) : null,
    content.writtenBy?.mode === 'llm'
      ? fact(
          'Written by',
          `${content.writtenBy.model ?? 'a language model'} (${(content.writtenBy.sections ?? []).join(', ')}); lockout/tagout steps copied from the SOP`,
          'written-by',
        )
      : null,
  )

  const actions = el('div', { class: 'pl-actions', 'data-testid': 'actions' })
  if (canEdit && !state.editing) {
    actions.append(
      el(
        'button',
        { type: 'button', 'data-testid': 'edit', onclick: startEdit },
        latest ? 'Edit' : `Edit from version ${shown.shownVersion}`,
      ),
    )
    if (proc.status === 'draft')
      actions.append(
        el(
          'button',
          { type: 'button', class: 'primary', 'data-testid': 'submit', onclick: submit },
          'Submit for review',
        ),
      )
    if (proc.status === 'in_review') {
      // The author and the last editor may not approve; the server refuses them too.
      const own = proc.authorKeyId === me.key_id || proc.versions?.at(-1)?.authorKeyId === me.key_id
      actions.append(
        el(
          'button',
          {
            type: 'button',
            class: 'primary',
            'data-testid': 'approve',
            onclick: approve,
            disabled: own,
            title: own ? 'You wrote or last edited this procedure: another planner must approve it.' : null,
          },
          'Approve',
        ),
        own
          ? el(
              'span',
              { class: 'small muted', 'data-testid': 'approve-note' },
              'Another planner must approve it.',
            )
          : null,
      )
    }
  }
  actions.append(el('span', { class: 'grow' }))
  const q = latest ? '' : `?version=${shown.shownVersion}`
  actions.append(
    el(
      'a',
      {
        class: 'pl-export',
        href: `/v1/procedures/${enc(proc.id)}/export.md${q}`,
        download: '',
        'data-testid': 'export-md',
      },
      'Export .md',
    ),
    el(
      'a',
      {
        class: 'pl-export',
        href: `/v1/procedures/${enc(proc.id)}/export.docx${q}`,
        download: '',
        'data-testid': 'export-docx',
      },
      'Export .docx',
    ),
  )

  const notes = []
  if (!latest)
    notes.push(
      el(
        'p',
        { class: 'pl-note' },
        `You are reading version ${shown.shownVersion}; the latest is version ${proc.version}. `,
        el('a', { href: `/planner?id=${enc(proc.id)}`, onclick: (e) => go(e, proc.id) }, 'Show the latest'),
      ),
    )
  if (!canEdit)
    notes.push(
      el(
        'p',
        { class: 'pl-note', 'data-testid': 'read-only' },
        'Read-only: drafting, editing and approving procedures need a planner key.',
      ),
    )
  else if (state.editing)
    notes.push(
      el(
        'p',
        { class: 'pl-note' },
        'Editing: one paragraph or step per line. Headings and citations stay as they are.',
      ),
    )
  else if (proc.status === 'in_review')
    notes.push(
      el(
        'p',
        { class: 'pl-note' },
        'Waiting for approval by a planner who did not draft or last edit it. Editing now starts a new draft.',
      ),
    )

  const msg = el('div', { id: 'action-msg', 'aria-live': 'polite' })
  if (state.flash) {
    msg.append(
      state.flash.kind === 'ok'
        ? el('div', { class: 'pl-ok', role: 'status', 'data-testid': 'flash' }, state.flash.text)
        : problem(state.flash.err),
    )
    state.flash = null
  }

  return el(
    'div',
    { class: 'card pl-head' },
    el(
      'div',
      { class: 'pl-title-row' },
      el('h1', { 'data-testid': 'proc-title' }, content.title),
      statusBadge(proc.status, 'proc-status'),
    ),
    facts,
    actions,
    notes,
    msg,
  )
}

function fact(label, value, testid) {
  return el('div', {}, el('dt', {}, label), el('dd', { 'data-testid': testid }, value))
}

function go(e, id, version) {
  e.preventDefault()
  open(id, version)
}

// ---------- reading: sections, footnotes, references ----------

function viewSection(s, number, level, refs) {
  const h = `h${Math.min(level, 4)}`
  const node = el(
    'section',
    { class: `pl-sec level-${level}`, 'data-testid': `section-${s.key}`, 'data-key': s.key },
    el(h, {}, el('span', { class: 'pl-num' }, number), ' ', s.heading),
  )
  if (s.missing)
    node.append(
      el(
        'div',
        { class: 'pl-missing', role: 'note', 'data-testid': 'missing' },
        el('strong', {}, 'Not found in the documents: '),
        s.missing,
        '. Write this section before review.',
      ),
    )
  for (const t of s.text) node.append(el('p', {}, t))
  if (s.key === 'references') {
    node.append(referenceList(refs))
    return node
  }
  if (s.items.length)
    node.append(
      el(
        s.ordered ? 'ol' : 'ul',
        { class: 'pl-items' },
        s.items.map((t) => el('li', {}, t)),
      ),
    )
  if (s.citations.length) node.append(sources(s, refs))
  ;(s.subsections ?? []).forEach((sub, i) => {
    node.append(viewSection(sub, `${number}.${i + 1}`, level + 1, refs))
  })
  return node
}

/** The section's footnotes: a link to each cited document passage, the id of each cited work order. */
function sources(s, refs) {
  const seen = new Set()
  const marks = []
  for (const c of s.citations) {
    const k = citationKey(c)
    if (seen.has(k)) continue
    seen.add(k)
    const n = refs.get(k).n
    if (c.type === 'work_order') {
      marks.push(
        el(
          'span',
          { class: 'pl-fn wo', title: `${c.woId} (work order): ${c.title}`, 'data-testid': 'citation-wo' },
          el('sup', {}, `[${n}]`),
          ' ',
          c.woId,
        ),
      )
    } else {
      marks.push(
        el(
          'a',
          {
            class: 'pl-fn',
            href: viewHref(c.documentId, c),
            target: '_blank',
            rel: 'noopener',
            title: describeCitation(c),
            'data-testid': 'citation-link',
          },
          el('sup', {}, `[${n}]`),
          ' ',
          shortLabel(c),
        ),
      )
    }
  }
  return el('div', { class: 'pl-sources' }, el('span', { class: 'pl-sources-label' }, 'Sources'), marks)
}

function referenceList(refs) {
  return el(
    'ol',
    { class: 'pl-refs', 'data-testid': 'references' },
    [...refs.values()].map(({ n, citation: c }) =>
      el(
        'li',
        { value: String(n) },
        c.type === 'work_order'
          ? [el('span', { class: 'pl-wo-id' }, c.woId), ' work order: ', c.title]
          : [
              el(
                'a',
                {
                  href: viewHref(c.documentId, c),
                  target: '_blank',
                  rel: 'noopener',
                  'data-testid': 'reference-link',
                },
                c.title,
              ),
              el('span', { class: 'muted' }, ` — ${where(c)}`),
            ],
      ),
    ),
  )
}

const ownHeading = (section) => section.split(' > ').pop().trim()

function where(c) {
  return [c.source, c.section ? `§ ${ownHeading(c.section)}` : null, c.page ? `p. ${c.page}` : null]
    .filter(Boolean)
    .join(', ')
}

function shortLabel(c) {
  const name = c.source.replace(/\.[a-z0-9]+$/i, '')
  const at = c.section ? ownHeading(c.section) : c.page ? `p. ${c.page}` : ''
  return at ? `${name} · ${at}` : name
}

function describeCitation(c) {
  return `${c.title} (${where(c)})`
}

/** The same numbering as the Markdown export: in the order the sections first cite, references last. */
function citationKey(c) {
  return c.type === 'work_order' ? `wo:${c.woId}` : `doc:${c.documentId}:${c.section ?? ''}:${c.page ?? ''}`
}

function numberCitations(content) {
  const out = new Map()
  const visit = (s) => {
    for (const c of s.citations) {
      const k = citationKey(c)
      if (!out.has(k)) out.set(k, { n: out.size + 1, citation: c })
    }
    for (const sub of s.subsections ?? []) visit(sub)
  }
  for (const s of content.sections) if (s.key !== 'references') visit(s)
  for (const s of content.sections) if (s.key === 'references') visit(s)
  return out
}

// ---------- editing ----------

function startEdit() {
  state.editing = true
  render()
  view.querySelector('textarea')?.focus({ preventScroll: true })
}

function cancelEdit() {
  if (isDirty() && !confirm('Discard the unsaved changes?')) return
  state.editing = false
  render()
}

/** Stays at the bottom of the screen while editing, so Save and its outcome are always in view. */
function editBar(shown) {
  const next = state.proc.version + 1
  const from =
    shown.shownVersion === state.proc.version ? '' : ` Starting from version ${shown.shownVersion}.`
  const back =
    state.proc.status === 'draft' ? '' : ' The procedure goes back to draft and needs a new review.'
  return el(
    'div',
    { class: 'pl-editbar', 'data-testid': 'edit-bar' },
    el('span', { class: 'grow small' }, `Saving creates version ${next}.${from}${back}`),
    el('button', { type: 'button', 'data-testid': 'cancel', onclick: cancelEdit }, 'Cancel'),
    el(
      'button',
      { type: 'button', class: 'primary', 'data-testid': 'save', onclick: save },
      'Save new version',
    ),
    el('div', { class: 'pl-editbar-msg', id: 'edit-msg', 'aria-live': 'polite' }),
  )
}

function editSection(s, number, level) {
  const h = `h${Math.min(level, 4)}`
  const node = el(
    'section',
    { class: `pl-sec level-${level}`, 'data-testid': `section-${s.key}`, 'data-key': s.key },
    el(h, {}, el('span', { class: 'pl-num' }, number), ' ', s.heading),
  )
  if (s.key === 'references') {
    node.append(
      el(
        'p',
        { class: 'small muted' },
        'The references list follows the sections’ citations; it is not edited.',
      ),
    )
    return node
  }
  if (s.missing)
    node.append(
      el(
        'div',
        { class: 'pl-missing', role: 'note' },
        el('strong', {}, 'Not found in the documents: '),
        s.missing,
        '. Write it here.',
      ),
    )
  // An empty part is offered behind a button, so the editor shows what the section has.
  const leaf = !s.subsections?.length
  const bare = !s.text.length && !s.items.length
  const steps = s.ordered ? 'steps' : 'items'
  node.append(
    ...field(`edit-text-${s.key}`, 'Paragraphs, one per line', s.text, {
      key: s.key,
      part: 'text',
      open: s.text.length > 0 || (bare && !leaf),
      add: 'Add paragraphs',
    }),
    ...field(
      `edit-items-${s.key}`,
      s.ordered ? 'Numbered steps, one per line' : 'Bulleted items, one per line',
      s.items,
      { key: s.key, part: 'items', open: s.items.length > 0 || (bare && leaf), add: `Add ${steps}` },
    ),
  )
  ;(s.subsections ?? []).forEach((sub, i) => {
    node.append(editSection(sub, `${number}.${i + 1}`, level + 1))
  })
  return node
}

function field(id, label, lines, data) {
  const area = el('textarea', {
    id,
    'data-testid': id,
    'data-key': data.key,
    'data-part': data.part,
    rows: '2',
    spellcheck: 'true',
    value: lines.join('\n'),
  })
  area.addEventListener('input', () => autosize(area))
  const box = el(
    'div',
    { class: 'pl-field', hidden: !data.open },
    el('label', { for: id, class: 'small muted' }, label),
    area,
  )
  if (data.open) return [box]
  const add = el('button', { type: 'button', class: 'pl-add', 'data-testid': `add-${id}` }, `+ ${data.add}`)
  add.addEventListener('click', () => {
    add.remove()
    box.hidden = false
    autosize(area)
    area.focus()
  })
  return [add, box]
}

function autosize(area) {
  area.style.height = 'auto'
  area.style.height = `${area.scrollHeight + 2}px`
}

const lines = (v) =>
  v
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

/** The shown version with the edited text and items; headings, structure and citations stay as they are. */
function editedContent() {
  const content = structuredClone(state.shown.content)
  const areas = new Map()
  for (const a of view.querySelectorAll('textarea[data-key]'))
    areas.set(`${a.dataset.key}:${a.dataset.part}`, a)
  const apply = (s) => {
    const text = areas.get(`${s.key}:text`)
    const items = areas.get(`${s.key}:items`)
    if (text && items) {
      const before = JSON.stringify([s.text, s.items])
      s.text = lines(text.value)
      s.items = lines(items.value)
      // A planner who wrote the missing section has answered its note.
      if (s.missing && JSON.stringify([s.text, s.items]) !== before && (s.text.length || s.items.length))
        delete s.missing
    }
    for (const sub of s.subsections ?? []) apply(sub)
  }
  for (const s of content.sections) apply(s)
  const title = $('edit-title')
  if (title?.value.trim()) content.title = title.value.trim()
  return content
}

function isDirty() {
  if (!state.editing || !state.shown) return false
  return JSON.stringify(editedContent()) !== JSON.stringify(state.shown.content)
}

async function save() {
  const msg = $('edit-msg')
  const content = editedContent()
  if (JSON.stringify(content) === JSON.stringify(state.shown.content)) {
    msg.replaceChildren(el('p', { class: 'small muted' }, 'Nothing changed yet.'))
    return
  }
  for (const b of view.querySelectorAll('.pl-editbar button')) b.disabled = true
  try {
    const saved = await api(`/v1/procedures/${enc(state.proc.id)}`, { method: 'PUT', body: { content } })
    state.flash = { kind: 'ok', text: `Saved as version ${saved.version}.` }
    state.editing = false
    history.replaceState(null, '', `/planner?id=${enc(state.proc.id)}`)
    await reload()
  } catch (err) {
    msg.replaceChildren(problem(err))
    for (const b of view.querySelectorAll('.pl-editbar button')) b.disabled = false
  }
}

// ---------- status changes ----------

async function submit(e) {
  await change(e.currentTarget, 'submit', 'Submitted for review. Another planner must approve it.')
}

async function approve(e) {
  await change(e.currentTarget, 'approve', 'Approved.')
}

async function change(button, action, done) {
  button.disabled = true
  try {
    await api(`/v1/procedures/${enc(state.proc.id)}/${action}`, { method: 'POST' })
    state.flash = { kind: 'ok', text: done }
  } catch (err) {
    state.flash = { kind: 'problem', err }
  }
  await reload(state.shown.shownVersion === state.proc.version ? undefined : state.shown.shownVersion)
}

// ---------- compare ----------

function compareCard(proc) {
  const vs = proc.versions.map((v) => v.version)
  const pick = (id, selected) =>
    el(
      'select',
      { id, 'data-testid': id, 'aria-label': id === 'compare-from' ? 'From version' : 'To version' },
      vs.map((v) => el('option', { value: String(v), selected: v === selected }, `Version ${v}`)),
    )
  const from = pick('compare-from', vs[vs.length - 2])
  const to = pick('compare-to', vs[vs.length - 1])
  const out = el('div', { class: 'pl-diff-out' })
  const run = async () => {
    if (from.value === to.value) {
      out.replaceChildren(el('p', { class: 'small muted' }, 'Pick two different versions.'))
      return
    }
    try {
      const d = await api(`/v1/procedures/${enc(proc.id)}/diff?from=${from.value}&to=${to.value}`)
      out.replaceChildren(renderDiff(d))
    } catch (err) {
      out.replaceChildren(problem(err))
    }
  }
  return el(
    'details',
    { class: 'card pl-compare', 'data-testid': 'compare' },
    el('summary', { 'data-testid': 'compare-toggle' }, `Compare versions (${vs.length})`),
    el(
      'div',
      { class: 'row pl-compare-row' },
      from,
      el('span', { class: 'muted' }, '→'),
      to,
      el('button', { type: 'button', 'data-testid': 'compare-run', onclick: run }, 'Show changes'),
    ),
    out,
  )
}

/** Changed lines with two lines of context; longer unchanged runs fold into a line that unfolds on click. */
function renderDiff(d) {
  const box = el('div', { class: 'pl-diff', 'data-testid': 'diff' })
  box.append(
    el(
      'div',
      { class: 'pl-diff-sum' },
      el('span', { class: 'pl-add-n' }, `+${d.added}`),
      ' ',
      el('span', { class: 'pl-del-n' }, `−${d.removed}`),
      ` lines from version ${d.from} to version ${d.to}`,
    ),
  )
  if (!d.added && !d.removed) {
    box.append(el('p', { class: 'muted small' }, 'The two versions are the same.'))
    return box
  }
  const CONTEXT = 2
  const keep = d.lines.map(() => false)
  d.lines.forEach((l, i) => {
    if (l.op === 'same') return
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(d.lines.length - 1, i + CONTEXT); j++) keep[j] = true
  })
  const body = el('div', { class: 'pl-diff-lines' })
  let i = 0
  while (i < d.lines.length) {
    if (keep[i]) {
      body.append(diffLine(d.lines[i]))
      i++
      continue
    }
    const start = i
    while (i < d.lines.length && !keep[i]) i++
    const run = d.lines.slice(start, i)
    const gap = el(
      'button',
      { type: 'button', class: 'pl-diff-gap', title: 'Show these lines' },
      `⋯ ${run.length} unchanged line${run.length === 1 ? '' : 's'}`,
    )
    gap.addEventListener('click', () => gap.replaceWith(...run.map(diffLine)))
    body.append(gap)
  }
  box.append(body)
  return box
}

function diffLine(l) {
  const cls = l.op === 'add' ? 'add' : l.op === 'remove' ? 'del' : 'same'
  const sign = l.op === 'add' ? '+' : l.op === 'remove' ? '−' : ' '
  return el(
    'div',
    { class: `pl-dl ${cls}`, 'data-testid': 'diff-line', 'data-op': l.op },
    el('span', { class: 'pl-sign', 'aria-hidden': 'true' }, sign),
    el('span', { class: 'pl-txt' }, l.text),
  )
}

// ---------- small helpers ----------

function statusBadge(status, testid) {
  return el(
    'span',
    { class: `badge pl-status ${status}`, 'data-testid': testid, 'data-status': status },
    STATUS[status] ?? status,
  )
}

/** A problem+json error: its title and detail, and the field it names. */
function problem(err) {
  const box = problemBox(err)
  const at = err.field ? fieldLabel(err.field) : null
  if (at) box.append(el('div', { class: 'small muted', 'data-testid': 'problem-field' }, at))
  return box
}

/** "content.sections.2.subsections.3.items.0" -> "In 3.4 Lock and tag, line 1 of the steps". */
function fieldLabel(field) {
  const path = field.split('.')
  if (path[0] !== 'content' || !state.shown) return `Field: ${field}`
  let list = state.shown.content.sections
  let section = null
  let number = ''
  let i = 1
  while (i + 1 < path.length && (path[i] === 'sections' || path[i] === 'subsections')) {
    const n = Number(path[i + 1])
    section = list?.[n]
    if (!section) return `Field: ${field}`
    number = number ? `${number}.${n + 1}` : `${n + 1}`
    list = section.subsections
    i += 2
  }
  if (!section) return path[1] === 'title' ? 'In the title' : `Field: ${field}`
  const part = path[i]
  const line = Number(path[i + 1])
  const what =
    part === 'items'
      ? section.ordered
        ? 'the steps'
        : 'the items'
      : part === 'text'
        ? 'the paragraphs'
        : null
  return `In ${number} ${section.heading}${what ? (Number.isInteger(line) ? `, line ${line + 1} of ${what}` : `, ${what}`) : ''}`
}

function when(iso) {
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}
