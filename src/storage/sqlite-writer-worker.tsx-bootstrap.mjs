// Test runs only: the sources are TypeScript, so the writer thread registers tsx before loading its entry.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./sqlite-writer-worker.ts', import.meta.url).href);
