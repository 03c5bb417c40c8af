// Test runs only: the sources are TypeScript, so the classifier worker registers tsx before loading its entry.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker.ts', import.meta.url).href);
