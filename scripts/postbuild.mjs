// dist/ is ESM like the sources: mark it so Node never guesses.
import { writeFileSync } from 'node:fs';
writeFileSync(new URL('../dist/package.json', import.meta.url), JSON.stringify({ type: 'module' }) + '\n');
