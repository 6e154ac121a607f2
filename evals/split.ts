/**
 * The one rule for which eval cases may be tuned on, following ../shared/evals/README.md: tune on
 * dev-questions.jsonl and the even-numbered cases of dev-questions-2.jsonl; its odd-numbered cases stay untouched;
 * the held-out sets (evals/heldout-*.jsonl) are never tuned on. Any other question file counts as untouched.
 * The number of a case is the last number in its id ("dev2-faa-07" is 7), so adding a case moves no other.
 */
import { basename } from 'node:path'

export type Split = 'tune' | 'untouched' | 'heldout'

export const SPLITS: readonly Split[] = ['tune', 'untouched', 'heldout']

export function splitOf(questionsFile: string, id: string): Split {
  const file = basename(questionsFile)
  if (file.startsWith('heldout-')) return 'heldout'
  if (file === 'dev-questions.jsonl') return 'tune'
  if (file === 'dev-questions-2.jsonl') {
    const n = /(\d+)\D*$/.exec(id)
    if (!n) return 'untouched'
    return Number(n[1]) % 2 === 0 ? 'tune' : 'untouched'
  }
  return 'untouched'
}
