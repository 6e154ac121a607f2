/**
 * The asset registry: the configured hierarchy (site / area / unit / equipment) joined with the connectors' tags,
 * and tolerant lookup of what people type ("pump 101", "p101", "tt-101a") to tags and equipment.
 */
import type { EquipmentConfig, PlantConfig } from './config.ts'
import type { TagInfo } from './types.ts'

export interface AssetInfo extends EquipmentConfig {
  site: string
  area: { id: string; name: string }
  unit: { id: string; name: string } | null
}

export function flattenAssets(cfg: PlantConfig): AssetInfo[] {
  const out: AssetInfo[] = []
  for (const site of cfg.sites) {
    for (const area of site.areas) {
      const a = { id: area.id, name: area.name }
      for (const e of area.equipment) out.push({ ...e, site: site.id, area: a, unit: null })
      for (const u of area.units)
        for (const e of u.equipment)
          out.push({ ...e, site: site.id, area: a, unit: { id: u.id, name: u.name } })
    }
  }
  return out
}

/** Upper case without separators: 'tt-101a' -> 'TT101A', 'P 101' -> 'P101'. */
export function compactTag(s: string): string {
  return s.toUpperCase().replace(/[\s_.-]+/g, '')
}

/** Words people use for a kind of equipment, and what the equipment's type or name must say to match. */
const KINDS: Array<{ word: string; kind: RegExp }> = [
  { word: 'pump', kind: /pump/i },
  { word: 'compressor', kind: /compressor/i },
  { word: 'chiller', kind: /chiller/i },
  { word: 'tower', kind: /tower/i },
  { word: 'dryer', kind: /dryer/i },
  { word: 'receiver', kind: /receiver|vessel/i },
  { word: 'strainer', kind: /strainer/i },
  { word: 'fan', kind: /fan/i },
  { word: 'valve', kind: /valve/i },
]

/**
 * Equipment named in a text: its tag in any spelling ("P-101", "p101", "P 101"), or a kind word with the tag's
 * number ("pump 101", "compressor 201"). Longer tags first, so 'CT-101-M1' is not also reported as 'CT-101'.
 */
export function assetsMentioned(
  text: string,
  assets: Array<Pick<AssetInfo, 'tag' | 'name' | 'type'>>,
): string[] {
  const tokens = text
    .toUpperCase()
    .split(/[^A-Z0-9-]+/)
    .filter(Boolean)
  const compact = new Set(tokens.map(compactTag))
  for (let i = 0; i + 1 < tokens.length; i++) compact.add(compactTag(tokens[i]! + tokens[i + 1]!))
  const found: string[] = []
  for (const a of [...assets].sort((x, y) => y.tag.length - x.tag.length)) {
    const t = compactTag(a.tag)
    const number = /(\d+[A-Z]?)$/i.exec(a.tag)?.[1]
    const byKind =
      number !== undefined &&
      KINDS.some(
        (k) =>
          k.kind.test(`${a.type ?? ''} ${a.name}`) &&
          new RegExp(`\\b${k.word}s?\\s*(?:no\\.?|#)?\\s*${number}\\b`, 'i').test(text),
      )
    if ((compact.has(t) || byKind) && !found.some((f) => compactTag(f).startsWith(t))) found.push(a.tag)
  }
  return found
}

/** Instrument tags named in a text, in any spelling ('tt101a', 'TT-101A'). */
export function tagsMentioned(text: string, tags: TagInfo[]): TagInfo[] {
  const words = text.toUpperCase().split(/[^A-Z0-9-]+/)
  const compactWords = new Set(words.map(compactTag))
  return tags.filter((t) => compactWords.has(compactTag(t.name)))
}
