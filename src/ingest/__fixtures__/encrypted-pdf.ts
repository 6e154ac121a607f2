/**
 * Test helper: writes a tiny one-page PDF protected with the PDF Standard Security Handler
 * (revision 2, 40-bit RC4), so tests can check how the parser treats password-protected files.
 * Everything here follows the published PDF 1.4 algorithms (3.2 "Computing an encryption key",
 * 3.3 "Computing the O value", 3.4 "Computing the U value").
 */
import { createHash } from 'node:crypto'

const PASSWORD_PAD = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e,
  0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
])

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256)
  for (let i = 0; i < 256; i++) s[i] = i
  let j = 0
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff
    const t = s[i]!
    s[i] = s[j]!
    s[j] = t
  }
  const out = new Uint8Array(data.length)
  let a = 0
  let b = 0
  for (let k = 0; k < data.length; k++) {
    a = (a + 1) & 0xff
    b = (b + s[a]!) & 0xff
    const t = s[a]!
    s[a] = s[b]!
    s[b] = t
    out[k] = data[k]! ^ s[(s[a]! + s[b]!) & 0xff]!
  }
  return out
}

const md5 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('md5')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}

function padPassword(pw: string): Uint8Array {
  const bytes = new TextEncoder().encode(pw).slice(0, 32)
  const out = new Uint8Array(32)
  out.set(bytes)
  out.set(PASSWORD_PAD.subarray(0, 32 - bytes.length), bytes.length)
  return out
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

/** A one-page PDF saying `text`, encrypted so that it opens only with `userPassword`. */
export function makeEncryptedPdf(text: string, userPassword: string, ownerPassword = 'owner'): Uint8Array {
  const permissions = -44
  const fileId = md5(new TextEncoder().encode(`fixture:${text}`))
  const ownerKey = md5(padPassword(ownerPassword)).subarray(0, 5)
  const oValue = rc4(ownerKey, padPassword(userPassword))
  const p = new Uint8Array(4)
  new DataView(p.buffer).setInt32(0, permissions, true)
  const fileKey = md5(padPassword(userPassword), oValue, p, fileId).subarray(0, 5)
  const uValue = rc4(fileKey, PASSWORD_PAD)

  const objectKey = (num: number) =>
    md5(fileKey, Uint8Array.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, 0, 0])).subarray(0, 10)

  const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`)
  const content = new TextEncoder().encode(`BT /F1 14 Tf 40 200 Td (${escaped}) Tj ET`)
  const encryptedContent = rc4(objectKey(4), content)

  const chunks: Uint8Array[] = []
  const offsets: number[] = []
  let length = 0
  const push = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? new TextEncoder().encode(part) : part
    chunks.push(bytes)
    length += bytes.length
  }
  const obj = (num: number, body: string | Uint8Array[]) => {
    offsets[num] = length
    push(`${num} 0 obj\n`)
    if (typeof body === 'string') push(body)
    else for (const b of body) push(b)
    push('\nendobj\n')
  }
  push('%PDF-1.4\n')
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>')
  obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>')
  obj(
    3,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  )
  obj(4, [
    new TextEncoder().encode(`<< /Length ${encryptedContent.length} >>\nstream\n`),
    encryptedContent,
    new TextEncoder().encode('\nendstream'),
  ])
  obj(5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')
  obj(6, `<< /Filter /Standard /V 1 /R 2 /O <${hex(oValue)}> /U <${hex(uValue)}> /P ${permissions} >>`)
  const xrefAt = length
  push('xref\n0 7\n0000000000 65535 f \n')
  for (let i = 1; i <= 6; i++) push(`${String(offsets[i]).padStart(10, '0')} 00000 n \n`)
  push(
    `trailer\n<< /Size 7 /Root 1 0 R /Encrypt 6 0 R /ID [<${hex(fileId)}> <${hex(fileId)}>] >>\nstartxref\n${xrefAt}\n%%EOF\n`,
  )
  const out = new Uint8Array(length)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}
