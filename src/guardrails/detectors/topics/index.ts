import type { Detector, DetectContext, Finding } from '../../types.js';

/**
 * Topics detector: banned topics as sets of keywords and phrases. A text touching one term of a topic is
 * weak evidence; several distinct terms are strong. Score = 1 - 0.5^distinctTerms (1 term 0.5, 2 terms
 * 0.75, 3 terms 0.875). One finding per topic, spanning its first to its last hit.
 */

export interface TopicsDetectorOptions {
  /** Topic name (the finding type) to terms; a trailing `*` matches any word ending ("weapon*"). */
  topics: Record<string, string[]>;
}

function termSource(term: string): string {
  const prefix = term.endsWith('*');
  const body = (prefix ? term.slice(0, -1) : term)
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '\\s+');
  return prefix ? `${body}[\\p{L}\\p{N}]*` : body;
}

function stem(term: string): string {
  return term.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\*$/, '');
}

/** Creates the topics detector; throws on an invalid configuration (at start, never in detect). */
export function createTopicsDetector(options: TopicsDetectorOptions): Detector {
  const terms: Array<{ term: string; topics: string[] }> = [];
  const byStem = new Map<string, { term: string; topics: string[] }>();
  for (const [topic, list] of Object.entries(options.topics ?? {})) {
    if (!Array.isArray(list)) throw new TypeError(`topics: topic "${topic}" must be an array of strings`);
    for (const raw of list) {
      if (typeof raw !== 'string' || stem(raw) === '') continue;
      const key = stem(raw) + (raw.trim().endsWith('*') ? '*' : '');
      let entry = byStem.get(key);
      if (!entry) {
        entry = { term: raw.trim(), topics: [] };
        byStem.set(key, entry);
        terms.push(entry);
      }
      if (!entry.topics.includes(topic)) entry.topics.push(topic);
    }
  }
  terms.sort((a, b) => stem(b.term).length - stem(a.term).length);
  // One capture group per term would be slow; instead each match is mapped back by trying terms in order.
  const pattern = terms.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}_])(?:${terms.map((t) => termSource(t.term)).join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  const exact = terms.map((t) => new RegExp(`^(?:${termSource(t.term)})$`, 'iu'));

  function detectTopics(text: string, _context: DetectContext): Finding[] {
    if (pattern === null || typeof text !== 'string') return [];
    const hits = new Map<string, { start: number; end: number; terms: Set<string> }>();
    let seen = 0;
    for (const m of text.matchAll(pattern)) {
      if (++seen > 1000) break;
      const index = exact.findIndex((re) => re.test(m[0]));
      const entry = terms[index];
      if (!entry) continue;
      for (const topic of entry.topics) {
        const hit = hits.get(topic) ?? { start: m.index, end: m.index + m[0].length, terms: new Set<string>() };
        hit.end = m.index + m[0].length;
        hit.terms.add(entry.term);
        hits.set(topic, hit);
      }
    }
    const findings: Finding[] = [];
    for (const [topic, hit] of hits) {
      findings.push({
        detector: 'topics',
        type: topic,
        score: 1 - 0.5 ** hit.terms.size,
        start: hit.start,
        end: hit.end,
        evidence: `${hit.terms.size} terms: ${[...hit.terms].slice(0, 5).join(', ')}`,
      });
    }
    return findings;
  }

  return { name: 'topics', detect: detectTopics };
}
