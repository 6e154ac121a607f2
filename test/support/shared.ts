/** The public corpus and eval set beside the checkout (../shared); tests that need it skip when it is absent. */
import { join } from 'node:path'

export const SHARED_DIR = join(import.meta.dirname, '..', '..', '..', 'shared')

export const sharedPath = (relative: string): string => join(SHARED_DIR, relative)
