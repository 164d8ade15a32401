// Relevance as a gate: is a candidate on the topic at all? Cosine relevance depends on word
// choice (on-topic writers of one niche range over a factor of three or more), so it is read
// relative to the niche's own typical on-topic level and turned into a smooth 0..1 gate that is
// 1 for everyone clearly on topic. Off-topic pages (cooks, weather, news) sit far below and get
// ~0. Pure: numbers in, numbers out.

/** Topicality (relevance / the niche's typical level) below which the gate is 0. */
export const GATE_LOW = 0.25;
/** Topicality from which the gate is fully open (1). */
export const GATE_HIGH = 0.4;
/** Fewer seed-endorsed texts than this and the reference falls back to all texts read. */
export const MIN_REFERENCE_TEXTS = 3;

/**
 * The niche's typical on-topic relevance: the weighted median relevance of what the seeds point
 * at (`endorsed`: relevance and weight, each seed's distinct targets sharing its weight), since
 * the seeds mostly point at people on their topic, whatever share of the crawl is off topic.
 * With fewer than MIN_REFERENCE_TEXTS of those, the upper quartile of `all` (the non-seed texts
 * read). 0 when nothing was read.
 */
export function relevanceReference(endorsed: readonly { relevance: number; weight: number }[], all: readonly number[]): number {
  const usable = endorsed.filter((e) => e.relevance > 0 && e.weight > 0).sort((a, b) => a.relevance - b.relevance);
  if (usable.length >= MIN_REFERENCE_TEXTS) {
    const total = usable.reduce((sum, e) => sum + e.weight, 0);
    let acc = 0;
    for (const e of usable) if ((acc += e.weight) >= total / 2) return e.relevance;
  }
  const sorted = all.filter((r) => Number.isFinite(r) && r >= 0).sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.75))]!;
}

/** Relevance relative to the reference, capped at 1 (0 when there is no reference). */
export function topicality(relevance: number, reference: number): number {
  return reference > 0 && relevance > 0 ? Math.min(1, relevance / reference) : 0;
}

/** The gate: 0 up to GATE_LOW, 1 from GATE_HIGH, a smoothstep between. */
export function relevanceGate(topicalityValue: number): number {
  const x = Math.min(1, Math.max(0, (topicalityValue - GATE_LOW) / (GATE_HIGH - GATE_LOW)));
  return x * x * (3 - 2 * x);
}
