// How much memory an outcome holds while it waits for its commit turn, estimated from what it
// carries: its strings (a character counted as a byte, as V8 keeps Latin-1 text), compressed
// bodies, and a fixed overhead per object. An estimate for budgets and traces, not a measurement.
import type { TaskOutcome } from '../sources/source.js';

/** Overhead counted per object (header, hidden class, property slots) and per string. */
const OBJECT_BYTES = 64;
const STRING_BYTES = 16;

const str = (s: string | null | undefined): number => (s == null ? 0 : STRING_BYTES + s.length);

/** Estimated bytes held by `outcome`. */
export function outcomeBytes(outcome: TaskOutcome): number {
  let n = OBJECT_BYTES * 6 + str(outcome.reason) + str(outcome.movedTo);
  for (const d of outcome.documents) {
    n += OBJECT_BYTES + str(d.url) + str(d.finalUrl) + str(d.contentType) + str(d.title) + str(d.etag) + str(d.lastModified);
    n += str(d.textExcerpt) + str(d.error) + str(d.body) + (d.bodyGzip ? OBJECT_BYTES + d.bodyGzip.byteLength : 0);
  }
  for (const l of outcome.links) n += OBJECT_BYTES + str(l.targetUrl) + str(l.evidenceUrl) + str(l.anchorText) + (l.account ? OBJECT_BYTES + str(l.account.id) + str(l.account.handle) + str(l.account.profileUrl) : 0);
  for (const c of outcome.claims) n += OBJECT_BYTES + str(c.targetUrl) + str(c.evidenceUrl) + (c.account ? OBJECT_BYTES + str(c.account.id) + str(c.account.profileUrl) : 0);
  for (const f of outcome.followUps) n += OBJECT_BYTES + str(f.url);
  const facts = outcome.facts;
  if (facts) n += OBJECT_BYTES + str(facts.name) + str(facts.homeUrl) + str(facts.feedUrl) + str(facts.handle) + str(facts.profileUrl) + str(facts.key);
  return n;
}
