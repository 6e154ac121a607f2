import { describe, expect, it } from 'vitest'
import { htmlToBlocks, parseHtml } from './html.ts'

const PAGE = `<!doctype html>
<html><head><title>Site title</title><style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/docs">Docs</a></nav>
<h1>Compressor K-201A &amp; dryer</h1>
<p>The compressor   runs <b>unloaded</b> at start-up.<br>It loads after 30&nbsp;s.</p>
<div>Loose text in a div.<p>Nested paragraph.</p>Tail text.</div>
<h2>Checks</h2>
<ul>
  <li>Drain the receiver.</li>
  <li><p>Check the belt</p>
    <ul><li>tension</li><li>wear</li></ul>
  </li>
</ul>
<ol><li>Start the dryer.</li></ol>
<table>
  <caption>Limits</caption>
  <thead><tr><th>Point</th><th>Value</th></tr></thead>
  <tbody>
    <tr><td>Discharge pressure</td><td>7.5 bar</td></tr>
    <tr><td>Oil temperature</td><td>&lt; 95 °C</td></tr>
  </tbody>
</table>
<pre>LINE 1
  LINE 2</pre>
<footer>Copyright ACME</footer>
</body></html>`

describe('htmlToBlocks', () => {
  it('extracts headings, paragraphs, list items, table rows and pre text; drops script/style/nav/footer', () => {
    const { blocks, title } = htmlToBlocks(PAGE)
    expect(title).toBe('Compressor K-201A & dryer')
    expect(blocks.map((b) => [b.type, b.text])).toEqual([
      ['heading', 'Compressor K-201A & dryer'],
      ['paragraph', 'The compressor runs unloaded at start-up. It loads after 30 s.'],
      ['paragraph', 'Loose text in a div.'],
      ['paragraph', 'Nested paragraph.'],
      ['paragraph', 'Tail text.'],
      ['heading', 'Checks'],
      ['list-item', 'Drain the receiver.'],
      ['list-item', 'Check the belt'],
      ['list-item', 'tension'],
      ['list-item', 'wear'],
      ['list-item', 'Start the dryer.'],
      ['paragraph', 'Limits'],
      ['table-row', 'Discharge pressure | 7.5 bar'],
      ['table-row', 'Oil temperature | < 95 °C'],
      ['paragraph', 'LINE 1\n  LINE 2'],
    ])
    expect(blocks.find((b) => b.text === 'Checks')?.level).toBe(2)
    expect(blocks.filter((b) => b.type === 'table-row').every((b) => b.tableHeader === 'Point | Value')).toBe(
      true,
    )
    const all = blocks.map((b) => b.text).join(' ')
    expect(all).not.toMatch(/Home|Copyright|color|var x/)
  })

  it('treats the first row of a table without <th> as its header when it looks like one', () => {
    const { blocks } = htmlToBlocks(
      '<table><tr><td>Tag</td><td>Service</td></tr><tr><td>P-101</td><td>Feed</td></tr><tr><td>P-102</td><td>Reflux</td></tr></table>',
    )
    expect(blocks).toEqual([
      { type: 'table-row', text: 'P-101 | Feed', page: null, tableHeader: 'Tag | Service' },
      { type: 'table-row', text: 'P-102 | Reflux', page: null, tableHeader: 'Tag | Service' },
    ])
  })

  it('reads one-column layout tables as paragraphs', () => {
    const { blocks } = htmlToBlocks('<table><tr><td><p>Only text here.</p></td></tr></table>')
    expect(blocks).toEqual([{ type: 'paragraph', text: 'Only text here.', page: null }])
  })

  it('falls back to <title>, then the file name, for the title', () => {
    expect(htmlToBlocks('<title>T</title><p>x</p>').title).toBe('T')
    const doc = parseHtml(new TextEncoder().encode('<p>x</p>'), 'folder/page.html')
    expect(doc.title).toBe('page')
    expect(doc.mimeType).toBe('text/html')
  })
})
