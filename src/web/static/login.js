import { el } from './common.js'

const form = document.getElementById('signin')
form.addEventListener('submit', async (e) => {
  e.preventDefault()
  const msg = document.getElementById('msg')
  msg.replaceChildren()
  const res = await fetch('/auth/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'fetch' },
    body: JSON.stringify({ api_key: document.getElementById('key').value }),
  })
  if (!res.ok) {
    const p = await res.json().catch(() => ({}))
    msg.append(el('div', { class: 'problem', role: 'alert' }, p.detail || 'sign-in failed'))
    return
  }
  const next = new URLSearchParams(location.search).get('next') ?? '/'
  // Only a path on this site: never an absolute or protocol-relative address.
  location.href = next.startsWith('/') && !next.startsWith('//') ? next : '/'
})
