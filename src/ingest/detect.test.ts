import { describe, expect, it } from 'vitest'
import { errorOf, makeDocx, makePdf, makePng } from './__fixtures__/make.ts'
import { detectFormat } from './detect.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('detectFormat', () => {
  it('recognises PDF and DOCX by content, whatever the name says', async () => {
    const pdf = await makePdf([{ lines: [{ text: 'hello' }] }])
    expect(detectFormat('manual.pdf', pdf)).toBe('pdf')
    expect(detectFormat('upload.bin', pdf)).toBe('pdf')
    const docx = await makeDocx()
    expect(detectFormat('procedure.docx', docx)).toBe('docx')
    expect(detectFormat('procedure', docx)).toBe('docx')
  })

  it('uses the extension for text formats, case-insensitively', () => {
    const body = utf8('some text\n')
    expect(detectFormat('notes.md', body)).toBe('markdown')
    expect(detectFormat('NOTES.MARKDOWN', body)).toBe('markdown')
    expect(detectFormat('page.html', body)).toBe('html')
    expect(detectFormat('page.htm', body)).toBe('html')
    expect(detectFormat('a.txt', body)).toBe('text')
    expect(detectFormat('a.text', body)).toBe('text')
    expect(detectFormat('shift.log', body)).toBe('text')
    expect(detectFormat('dir/sub/export.CSV', body)).toBe('csv')
  })

  it('sniffs HTML without an extension', () => {
    expect(detectFormat('index', utf8('  <!DOCTYPE html><html><body>x</body></html>'))).toBe('html')
  })

  it('reports a .pdf or .docx with wrong bytes as that format (the parser then says it is corrupt)', () => {
    expect(detectFormat('broken.pdf', utf8('this is not a pdf'))).toBe('pdf')
    expect(detectFormat('broken.docx', utf8('this is not a docx'))).toBe('docx')
  })

  it('rejects empty and whitespace-only files as empty_file', () => {
    expect(errorOf(() => detectFormat('a.txt', new Uint8Array())).code).toBe('empty_file')
    const ws = errorOf(() => detectFormat('a.md', utf8(' \n\t\r\n  ')))
    expect(ws.code).toBe('empty_file')
    expect(ws.message).toContain('a.md')
    expect(errorOf(() => detectFormat('a.txt', Uint8Array.from([0xef, 0xbb, 0xbf, 0x20, 0x0a]))).code).toBe(
      'empty_file',
    )
  })

  it('rejects images, executables, archives and binary data with a message naming the file and the supported types', () => {
    const png = errorOf(() => detectFormat('photo.png', makePng()))
    expect(png.code).toBe('unsupported_type')
    expect(png.message).toContain('photo.png')
    expect(png.message).toMatch(/PNG image/)
    expect(png.message).toMatch(/PDF.*Word.*Markdown.*HTML.*CSV/)

    const exe = new Uint8Array(256)
    exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03])
    expect(errorOf(() => detectFormat('setup.exe', exe)).code).toBe('unsupported_type')

    const random = new Uint8Array(512)
    for (let k = 0; k < random.length; k++) random[k] = (k * 7919) % 251
    const bin = errorOf(() => detectFormat('data.txt', random))
    expect(bin.code).toBe('unsupported_type')
    expect(bin.message).toContain('binary')

    const xlsx = new Uint8Array([...utf8('PK'), 0x03, 0x04, ...utf8('....xl/workbook.xml....')])
    expect(errorOf(() => detectFormat('plan.xlsx', xlsx)).message).toMatch(/Excel/)
  })

  it('does not mistake text starting with "MZ" for an executable', () => {
    expect(detectFormat('notes.txt', utf8('MZ-101 mixer was serviced.'))).toBe('text')
  })

  it('rejects unknown extensions even for text content', () => {
    const err = errorOf(() => detectFormat('drawing.dwg', utf8('plain words')))
    expect(err.code).toBe('unsupported_type')
    expect(err.message).toContain('.dwg')
  })
})
