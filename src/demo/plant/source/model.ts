/** Source of one generated document (PDF or DOCX). `body` uses the line markup parsed by scripts/build-demo-docs.ts. */
export interface DocSource {
  /** Document title (PDF/DOCX metadata). */
  title: string
  /** Company that issued the document (fictional). */
  publisher: string
  keywords: string
  cover: { title: string; subtitle: string; lines: string[] }
  /** Running header, left and right part. */
  headerLeft: string
  headerRight: string
  /** Running footer text printed left of the page number. */
  footerLeft: string
  body: string
}
