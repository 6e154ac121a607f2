/**
 * The copilot's tools as LangChain tools, for use with LangChain chat models (`model.bindTools(...)`), agents
 * and graphs. Each keeps its OpenAI JSON schema as is (LangChain validates arguments against it before the
 * tool runs) and runs the copilot tool's own `execute`, so scoping and limits stay where they are.
 *
 * Output: the tool's result line followed by a compact numbered list of the passages it found (document,
 * page, section, the start of the text). The response format is content-and-artifact: invoked with plain
 * arguments a tool returns that text; invoked with a model's tool call it returns a ToolMessage whose
 * `artifact` holds the SearchHits, for callers that build citations.
 */
import { DynamicStructuredTool } from '@langchain/core/tools'
import type { JSONSchema } from '@langchain/core/utils/json_schema'
import type { SearchHit } from '../retrieve/search.ts'
import { escapeText } from './prompts.ts'
import type { CopilotTool } from './tools.ts'

export interface LangChainToolOptions {
  /** Characters of each passage's text shown in the list. Default 240. */
  snippetChars?: number
}

/**
 * Typed by what `invoke` gives back for plain arguments (the text); with a tool call it is a ToolMessage whose
 * `artifact` is `SearchHit[]`.
 */
export type CopilotLangChainTool = DynamicStructuredTool<
  JSONSchema,
  Record<string, unknown>,
  Record<string, unknown>,
  string
>

const EMPTY_OBJECT_SCHEMA: JSONSchema = { type: 'object', properties: {} }

export function toLangChainTools(
  tools: readonly CopilotTool[],
  opts: LangChainToolOptions = {},
): CopilotLangChainTool[] {
  return tools.map((t) => toLangChainTool(t, opts))
}

export function toLangChainTool(
  copilotTool: CopilotTool,
  opts: LangChainToolOptions = {},
): CopilotLangChainTool {
  const { definition } = copilotTool
  if (definition.type !== 'function') {
    throw new TypeError(
      `tool ${definition.custom.name}: only function tools can be converted to LangChain tools`,
    )
  }
  const fn = definition.function
  const snippetChars = opts.snippetChars ?? 240
  return new DynamicStructuredTool<JSONSchema, Record<string, unknown>, Record<string, unknown>, string>({
    name: fn.name,
    description: fn.description ?? `${fn.name} tool`,
    schema: (fn.parameters as JSONSchema | undefined) ?? EMPTY_OBJECT_SCHEMA,
    responseFormat: 'content_and_artifact',
    func: async (args) => {
      const { result, hits = [] } = await copilotTool.execute(args)
      const text = hits.length ? `${result}\n${formatPassages(hits, snippetChars)}` : result
      const contentAndArtifact: [string, SearchHit[]] = [text, hits]
      // LangChain's types tie the function's return to what `invoke` returns; with 'content_and_artifact' the
      // function returns the pair and `invoke` splits it (text for plain arguments, ToolMessage for a call).
      return contentAndArtifact as unknown as string
    },
  })
}

/**
 * One line per passage: `[n] Title (source), p. 4, § Section: text…`. Page and section appear when known;
 * document text is escaped like elsewhere in the prompts (`&`, `<`, `>`), so it cannot close a fence.
 */
export function formatPassages(hits: readonly SearchHit[], snippetChars = 240): string {
  return hits
    .map((h, i) => {
      const where = [`${h.document.title} (${h.document.source})`]
      if (h.page !== null) where.push(`p. ${h.page}`)
      if (h.section) where.push(`§ ${h.section}`)
      return `[${i + 1}] ${escapeText(oneLine(where.join(', ')))}: ${escapeText(snippet(h.text, snippetChars))}`
    })
    .join('\n')
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim()

function snippet(text: string, max: number): string {
  const flat = oneLine(text)
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}
