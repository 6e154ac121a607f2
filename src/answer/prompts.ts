/**
 * Prompt files (prompts/*.md at the repository root) and the rendering of numbered sources into fenced blocks.
 *
 * Fencing: each source becomes `<source n=".." document=".." page=".." section="..">text</source>`. Document text
 * is untrusted, so `&`, `<` and `>` in it are written as entities (attribute values also escape `"` and fold
 * line breaks). A document that contains `</source>` therefore cannot close its block, and a planted
 * "ignore previous instructions" stays inside the fence, where the system prompt tells the model it is data.
 * Placeholders are substituted in a single pass, so text that looks like `{{n}}` is never expanded.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Source } from './types.ts'

export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url))

/** The sentence the system prompt asks for when the documents do not hold the answer. */
export const REFUSAL_SENTENCE = "I can't find that in the documents."

const cache = new Map<string, string>()

/** Reads prompts/<name>.md once (later calls hit the cache); HTML comments are stripped. */
export function loadPrompt(name: string): string {
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name)) throw new Error(`invalid prompt name ${JSON.stringify(name)}`)
  let text = cache.get(name)
  if (text === undefined) {
    const raw = readFileSync(`${PROMPTS_DIR}${name}.md`, 'utf8')
    text = raw.replace(/<!--[\s\S]*?-->\s*/g, '').trim()
    cache.set(name, text)
  }
  return text
}

export function systemPrompt(): string {
  return loadPrompt('system')
}

/** Escapes document text for use inside a fence: `&`, `<`, `>` become entities. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Escapes an attribute value: as escapeText plus `"`; line breaks and tabs become single spaces. */
export function escapeAttr(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/[\r\n\t]+/g, ' ')
}

/** Replaces `{{name}}` placeholders in one pass; unknown names are left as they are. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? (values[key] as string) : whole,
  )
}

interface SourcesTemplate {
  head: string
  item: string
  tail: string
}

function parseSourcesTemplate(template: string): SourcesTemplate {
  const m = /\{\{#each source\}\}\r?\n?([\s\S]*?)\{\{\/each\}\}/.exec(template)
  if (!m) throw new Error('sources template lacks a {{#each source}}...{{/each}} block')
  return {
    head: template.slice(0, m.index),
    item: m[1] as string,
    tail: template.slice(m.index + m[0].length),
  }
}

/** Text used instead of the sources block when retrieval found nothing. */
export const NO_SOURCES_TEXT =
  'No document passages were retrieved for this question. Unless a tool finds some, say that you cannot find it.'

/** Renders numbered sources as fenced blocks using prompts/sources.md (or `template`, for tests). */
export function renderSources(sources: readonly Source[], template = loadPrompt('sources')): string {
  if (sources.length === 0) return NO_SOURCES_TEXT
  const t = parseSourcesTemplate(template)
  const items = sources.map((s) =>
    fill(t.item, {
      n: String(s.n),
      document: escapeAttr(s.hit.document.title || s.hit.document.id),
      page: s.hit.page === null ? '' : String(s.hit.page),
      section: escapeAttr(s.hit.section ?? ''),
      text: escapeText(s.hit.text.trim()),
    }),
  )
  const around = {
    count: String(sources.length),
    numbers: sources.map((s) => `[${s.n}]`).join(', '),
  }
  return (fill(t.head, around) + items.join('') + fill(t.tail, around)).trim()
}

/** The user turn of a question: the fenced sources, then the question. */
export function renderQuestion(question: string, sources: readonly Source[]): string {
  return `${renderSources(sources)}\n\nQuestion: ${question.trim()}`
}

/**
 * What a tool call returns to the model: the tool's own result (fenced and escaped like document text, since it
 * may quote documents or plant data), followed by any passages it found, fenced as new numbered sources.
 */
export function renderToolResult(
  name: string,
  result: string,
  newSources: readonly Source[],
  knownNumbers: readonly number[] = [],
): string {
  const parts = [`<tool_result name="${escapeAttr(name)}">\n${escapeText(result.trim())}\n</tool_result>`]
  if (newSources.length > 0) parts.push(renderSources(newSources))
  if (knownNumbers.length > 0) {
    parts.push(`Also matched sources already given: ${knownNumbers.map((n) => `[${n}]`).join(', ')}.`)
  }
  return parts.join('\n\n')
}
