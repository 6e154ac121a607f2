// The operator's chat: streamed answers with numbered citations, tool cards with trend charts, feedback.
import { api, citationHref, citationLabel, el, header, problemBox, sseEvents } from './common.js'

const state = {
  conversationId: sessionStorage.getItem('conversation') || null,
  site: null,
  asset: '',
  busy: false,
}
const $ = (id) => document.getElementById(id)
const chatBox = $('chat')

const me = await header('chat')
setupContext()
await restoreConversation()
showEmpty()

$('ask').addEventListener('submit', (e) => {
  e.preventDefault()
  ask($('question').value)
})
$('question').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault()
    ask($('question').value)
  }
})
$('new').addEventListener('click', () => {
  state.conversationId = null
  sessionStorage.removeItem('conversation')
  chatBox.replaceChildren()
  showEmpty()
})

function setupContext() {
  const site = $('site')
  for (const s of me.sites) site.append(el('option', { value: s.id }, s.name || s.id))
  state.site = localStorage.getItem('site') ?? me.sites[0]?.id ?? null
  if (state.site && me.sites.some((s) => s.id === state.site)) site.value = state.site
  else state.site = site.value || null
  site.addEventListener('change', () => {
    state.site = site.value
    localStorage.setItem('site', state.site)
    state.asset = ''
    loadAssets()
  })
  $('asset').addEventListener('change', () => {
    state.asset = $('asset').value
    showAsset()
  })
  loadAssets()
}

async function loadAssets() {
  const select = $('asset')
  select.replaceChildren(el('option', { value: '' }, 'any'))
  $('asset-card').replaceChildren()
  if (!state.site) return
  try {
    const { assets } = await api(`/v1/plant/assets?site=${encodeURIComponent(state.site)}`)
    for (const a of assets) select.append(el('option', { value: a.tag }, `${a.tag} — ${a.name}`))
  } catch {
    // No plant data on this service: the picker stays at "any".
  }
  if (!chatBox.querySelector('.msg')) showEmpty()
}

/** The picked equipment: its live values and active alarms, with a trend per tag on demand. */
async function showAsset() {
  const card = $('asset-card')
  card.replaceChildren()
  if (!state.asset) return
  const q = `site=${encodeURIComponent(state.site)}`
  const [details, alarms] = await Promise.all([
    api(`/v1/plant/assets/${encodeURIComponent(state.asset)}?${q}`),
    api(`/v1/plant/alarms?${q}&asset=${encodeURIComponent(state.asset)}`),
  ])
  const values = await Promise.all(
    details.tags.map((t) => api(`/v1/plant/tags/${encodeURIComponent(t.name)}?${q}`).catch(() => null)),
  )
  // Trends asked for from the table are drawn under it, newest first.
  const trends = el('div')
  const rows = details.tags.map((t, i) => {
    const v = values[i]?.current
    const alarm = alarms.alarms.find((a) => a.tag === t.name)
    return el(
      'tr',
      {},
      el('td', { class: 'tag' }, el('strong', {}, t.name)),
      el('td', { class: 'muted' }, t.description),
      el(
        'td',
        { class: 'value' },
        v ? `${fmt(v.value)} ${t.unit ?? ''}` : '—',
        alarm ? el('span', { class: 'badge bad' }, ' alarm') : '',
      ),
      el(
        'td',
        {},
        el(
          'button',
          {
            type: 'button',
            'data-testid': 'trend-button',
            onclick: (e) => {
              e.target.disabled = true
              const box = el('div')
              trends.prepend(box)
              drawTrend(box, t.name, 24).catch((err) => box.replaceChildren(problemBox(err)))
            },
          },
          'Trend 24 h',
        ),
      ),
    )
  })
  card.append(
    el(
      'div',
      { class: 'card asset-card', 'data-testid': 'asset-card' },
      el('h2', {}, `${details.tag} — ${details.name}`),
      alarms.alarms.length
        ? el(
            'p',
            {},
            alarms.alarms.map((a) => el('span', { class: 'badge bad' }, a.message)),
          )
        : el('p', { class: 'muted small' }, 'No active alarms.'),
      el('table', {}, rows),
      trends,
    ),
  )
}

function showEmpty() {
  if (chatBox.querySelector('.msg')) return
  const tag = $('asset').value || $('asset').options[1]?.value
  const prompts = tag
    ? [
        `Why is ${tag} alarming?`,
        `How do I lock out ${tag}?`,
        `Show the trend of ${tag} for the last 24 hours`,
        `How many corrective work orders did ${tag} have?`,
      ]
    : ['What PPE is required for lockout/tagout?', 'How often is the compressor oil changed?']
  chatBox.replaceChildren(
    el(
      'div',
      { class: 'empty', 'data-testid': 'empty' },
      el(
        'p',
        {},
        'Ask about procedures, alarms, trends and maintenance history. Answers cite the page they come from.',
      ),
      el(
        'div',
        { class: 'suggest' },
        prompts.map((p) => el('button', { type: 'button', onclick: () => ask(p) }, p)),
      ),
    ),
  )
}

/** After a reload, the conversation of this tab is shown again (it is kept on the server). */
async function restoreConversation() {
  if (!state.conversationId) return
  let convo
  try {
    convo = await api(`/v1/conversations/${encodeURIComponent(state.conversationId)}`, { noRedirect: true })
  } catch {
    state.conversationId = null
    sessionStorage.removeItem('conversation')
    return
  }
  for (const m of convo.messages) {
    if (m.role === 'user') {
      chatBox.append(el('div', { class: 'msg user' }, m.content))
      continue
    }
    const view = answerView()
    chatBox.append(view.node)
    for (const t of m.tool_calls ?? []) view.addTool(t)
    view.addText(m.content)
    view.setCitations(m.citations ?? [])
    view.done({ message_id: m.id, mode: m.mode })
    view.finish()
  }
  chatBox.lastElementChild?.scrollIntoView({ block: 'end' })
}

async function ask(text) {
  const message = text.trim()
  if (!message || state.busy) return
  state.busy = true
  $('send').disabled = true
  $('question').value = ''
  chatBox.querySelector('.empty')?.remove()
  chatBox.append(el('div', { class: 'msg user' }, message))
  const view = answerView()
  chatBox.append(view.node)
  view.node.scrollIntoView({ block: 'end' })
  const started = performance.now()
  try {
    const res = await api('/v1/chat', {
      method: 'POST',
      headers: { Accept: 'text/event-stream' },
      body: {
        message,
        stream: true,
        ...(state.conversationId ? { conversation_id: state.conversationId } : {}),
        ...(state.site ? { site: state.site } : {}),
        ...(state.asset ? { asset: state.asset } : {}),
      },
      raw: true,
    })
    for await (const { event, data } of streamEvents(res.body)) {
      if (event === 'delta') {
        if (!view.node.dataset.ttftMs)
          view.node.dataset.ttftMs = String(Math.round(performance.now() - started))
        view.addText(data.text)
      } else if (event === 'tool') view.addTool(data)
      else if (event === 'citations') view.setCitations(data.citations)
      else if (event === 'error')
        view.error({ title: 'The answer could not be completed', message: data.message })
      else if (event === 'done') {
        state.conversationId = data.conversation_id
        sessionStorage.setItem('conversation', data.conversation_id)
        view.done(data)
      }
    }
  } catch (err) {
    view.error(err)
  } finally {
    view.finish()
    state.busy = false
    $('send').disabled = false
    $('question').focus()
  }
}

/** Reads a text/event-stream body into {event, data} objects. */
async function* streamEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader()
  let buf = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    const { events, rest } = sseEvents(buf + value)
    buf = rest
    yield* events
  }
}

function answerView() {
  const tools = el('div', { class: 'tools' })
  const answer = el('div', { class: 'answer typing', 'data-testid': 'answer' })
  const notes = el('ol', { class: 'footnotes', hidden: true, 'data-testid': 'citations' })
  const foot = el('div')
  const node = el(
    'div',
    { class: 'msg assistant', 'data-testid': 'assistant-message' },
    tools,
    answer,
    notes,
    foot,
  )
  let text = ''
  let citations = []
  const render = () => answer.replaceChildren(...withCitationLinks(text, citations))
  return {
    node,
    addText(t) {
      text += t
      render()
    },
    addTool(t) {
      tools.append(toolCard(t))
    },
    setCitations(list) {
      citations = list
      notes.hidden = list.length === 0
      notes.replaceChildren(
        ...list.map((c) =>
          el(
            'li',
            { id: `${node.dataset.key ?? ''}c${c.n}`, value: c.n },
            el(
              'a',
              { href: citationHref(c), target: '_blank', rel: 'noopener', 'data-testid': 'citation-link' },
              citationLabel(c),
            ),
            c.snippet ? el('span', { class: 'snippet' }, `“${c.snippet}”`) : '',
          ),
        ),
      )
      render()
    },
    done(d) {
      if (d.refused) node.classList.add('refused')
      node.dataset.messageId = d.message_id
      foot.append(
        feedbackBar(d.message_id),
        el(
          'div',
          { class: 'small muted' },
          `${d.mode === 'llm' ? 'model answer' : 'offline answer'}${d.timings ? ` · ${d.timings.totalMs} ms` : ''}`,
        ),
      )
    },
    error(err) {
      foot.append(problemBox(err))
    },
    finish() {
      answer.classList.remove('typing')
      if (!text && !tools.children.length) answer.textContent = ''
    },
  }
}

/** "…at 85 °C [2]." -> text with [2] as a link to the cited source. */
function withCitationLinks(text, citations) {
  const out = []
  let last = 0
  for (const m of text.matchAll(/\[(\d+)\]/g)) {
    const c = citations.find((x) => x.n === Number(m[1]))
    if (!c) continue
    out.push(text.slice(last, m.index))
    out.push(
      el(
        'sup',
        {},
        el(
          'a',
          { href: citationHref(c), target: '_blank', rel: 'noopener', title: citationLabel(c) },
          `[${c.n}]`,
        ),
      ),
    )
    last = m.index + m[0].length
  }
  out.push(text.slice(last))
  return out
}

function toolCard(t) {
  const args = Object.entries(t.arguments ?? {})
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ')
  const card = el(
    'div',
    { class: 'toolcard', 'data-testid': 'tool-card', dataset: { tool: t.name } },
    el('div', {}, el('span', { class: 'name' }, t.name), ' ', el('span', { class: 'muted small' }, args)),
    el('pre', {}, t.summary ?? clip(t.result)),
  )
  if (t.name === 'get_tag_history' && t.arguments?.tag) {
    const box = el('div')
    card.append(box)
    drawTrend(box, t.arguments.tag, Number(t.arguments.hours) || 24).catch((err) =>
      box.replaceChildren(problemBox(err)),
    )
  }
  return card
}

function clip(text) {
  return text.length > 600 ? `${text.slice(0, 600)}…` : text
}

/** A tag's history over the last hours as a line (bucket average) with its min–max band, drawn with Chart.js. */
async function drawTrend(box, tag, hours) {
  const interval = hours <= 6 ? '5m' : hours <= 48 ? '15m' : '1h'
  const q = new URLSearchParams({ from: `-${hours}h`, interval })
  if (state.site) q.set('site', state.site)
  const h = await api(`/v1/plant/tags/${encodeURIComponent(tag)}/history?${q}`)
  const canvas = el('canvas', { 'aria-label': `${tag} trend`, role: 'img' })
  box.replaceChildren(
    el(
      'div',
      { class: 'chart', 'data-testid': 'trend-chart', dataset: { tag, points: String(h.points.length) } },
      canvas,
    ),
  )
  const labels = h.points.map((p) =>
    new Date(p.t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
  )
  const y = (k) => h.points.map((p) => p[k] ?? p.v ?? null)
  // eslint-disable-next-line no-undef
  new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: `${tag} (${h.unit})`,
          data: y('avg'),
          borderColor: '#0b6bcb',
          borderWidth: 2,
          pointRadius: 0,
          tension: 0.2,
        },
        {
          label: 'max',
          data: y('max'),
          borderColor: 'rgba(11,107,203,0.25)',
          pointRadius: 0,
          borderWidth: 1,
          fill: '+1',
          backgroundColor: 'rgba(11,107,203,0.08)',
        },
        {
          label: 'min',
          data: y('min'),
          borderColor: 'rgba(11,107,203,0.25)',
          pointRadius: 0,
          borderWidth: 1,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { labels: { filter: (item) => item.datasetIndex === 0 } } },
      scales: { x: { ticks: { maxTicksLimit: 8 } }, y: { title: { display: true, text: h.unit } } },
    },
  })
}

function feedbackBar(messageId) {
  const comment = el('input', {
    type: 'text',
    placeholder: 'What was wrong or missing? (optional)',
    maxlength: 2000,
    'data-testid': 'feedback-comment',
  })
  const status = el('span', { class: 'small muted', 'data-testid': 'feedback-status' })
  const send = async (rating, btn) => {
    try {
      await api('/v1/feedback', {
        method: 'POST',
        body: {
          message_id: messageId,
          rating,
          ...(comment.value.trim() ? { comment: comment.value.trim() } : {}),
        },
      })
      for (const b of bar.querySelectorAll('button')) b.classList.toggle('chosen', b === btn)
      status.textContent = 'Thanks — feedback saved.'
    } catch (err) {
      status.textContent = err.message
    }
  }
  const up = el(
    'button',
    { type: 'button', title: 'Helpful', 'data-testid': 'thumbs-up', onclick: () => send('up', up) },
    '▲ Helpful',
  )
  const down = el(
    'button',
    { type: 'button', title: 'Not helpful', 'data-testid': 'thumbs-down', onclick: () => send('down', down) },
    '▼ Not helpful',
  )
  const bar = el('div', { class: 'feedback' }, up, down, comment, status)
  return bar
}

function fmt(v) {
  if (typeof v !== 'number') return String(v)
  return Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)
}
