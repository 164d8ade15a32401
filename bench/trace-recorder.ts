// Records a crawl as it runs, for the benchmark (LN_BENCH_TRACE=file): the crawler's own events
// (src/crawl/crawl-trace.ts: request slots, each row from dispatch to store, what waits in
// memory), undici's request events (created, headers sent, headers and body received), and the
// process's memory sampled every `sampleMs`. On `finish` it writes a summary: where each
// request's slot time went, how many requests were really on the wire on average, and the
// memory held by answers waiting for their commit turn, with the RSS and heap they came with.
import diagnostics from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { rowChannel, slotChannel, stateChannel, type RowEvent, type SlotEvent, type StateEvent } from '../src/crawl/crawl-trace.js';

interface Sample {
  t: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  oldSpaceMb: number;
  largeObjectMb: number;
  held: number;
  heldMb: number;
  inFlight: number;
  queued: number;
  unstored: number;
  /** Requests between undici's create and their body's end. */
  onWire: number;
  /** Request slots busy. */
  slots: number;
}

/** Mean of a list, 0 for none. */
const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const mb = (b: number): number => b / 1048576;

/** Start recording; call the returned function at the end to write the file. */
export function startTrace(file: string, sampleMs = 250): () => void {
  const t0 = performance.now();
  const slots: SlotEvent[] = [];
  const dispatched = new Map<number, number>();
  const answered = new Map<number, { at: number; bytes: number }>();
  const toAnswer: number[] = [];
  const toStore: number[] = [];
  let heldBytes = 0;
  let maxHeldBytes = 0;
  let state: StateEvent | null = null;
  const wire = new WeakMap<object, { created: number; sent?: number; headers?: number }>();
  let onWire = 0;
  const waits = { queuedForSocket: [] as number[], toHeaders: [] as number[], body: [] as number[] };

  const onSlot = (m: unknown) => {
    slots.push(m as SlotEvent);
  };
  const onRow = (m: unknown) => {
    const e = m as RowEvent;
    if (e.type === 'dispatched') dispatched.set(e.id, e.at);
    else if (e.type === 'answered') {
      const d = dispatched.get(e.id);
      if (d !== undefined) toAnswer.push(e.at - d);
      answered.set(e.id, { at: e.at, bytes: e.bytes });
      heldBytes += e.bytes;
      maxHeldBytes = Math.max(maxHeldBytes, heldBytes);
    } else {
      const a = answered.get(e.id);
      if (a) {
        toStore.push(e.at - a.at);
        heldBytes -= a.bytes;
        answered.delete(e.id);
      }
      dispatched.delete(e.id);
    }
  };
  const onState = (m: unknown) => {
    state = m as StateEvent;
  };
  const onCreate = (m: unknown) => {
    wire.set((m as { request: object }).request, { created: performance.now() });
    onWire++;
  };
  const onSend = (m: unknown) => {
    const r = wire.get((m as { request: object }).request);
    if (r) r.sent = performance.now();
  };
  const onHeaders = (m: unknown) => {
    const r = wire.get((m as { request: object }).request);
    if (!r) return;
    r.headers = performance.now();
    if (r.sent !== undefined) {
      waits.queuedForSocket.push(r.sent - r.created);
      waits.toHeaders.push(r.headers - r.sent);
    }
  };
  const onDone = (m: unknown) => {
    const r = wire.get((m as { request: object }).request);
    if (!r) return;
    wire.delete((m as { request: object }).request);
    onWire--;
    if (r.headers !== undefined) waits.body.push(performance.now() - r.headers);
  };
  const subs: [string, (m: unknown) => void][] = [
    [slotChannel.name as string, onSlot], [rowChannel.name as string, onRow], [stateChannel.name as string, onState],
    ['undici:request:create', onCreate], ['undici:client:sendHeaders', onSend], ['undici:request:headers', onHeaders],
    ['undici:request:trailers', onDone], ['undici:request:error', onDone],
  ];
  for (const [name, fn] of subs) diagnostics.subscribe(name, fn);

  const samples: Sample[] = [];
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // A heap snapshot the first time RSS passes LN_BENCH_HEAPSNAP_MB (what is live at the peak).
  const snapAtMb = Number(process.env.LN_BENCH_HEAPSNAP_MB ?? 0);
  let snapped = false;
  const sample = () => {
    const mem = process.memoryUsage();
    if (snapAtMb > 0 && !snapped && mb(mem.rss) >= snapAtMb) {
      snapped = true;
      v8.writeHeapSnapshot(`${file}.heapsnapshot`);
    }
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));
    const now = performance.now();
    // Slots busy now: those started and not ended are not published yet, so count by intervals later.
    samples.push({
      t: (now - t0) / 1000, rssMb: mb(mem.rss), heapUsedMb: mb(mem.heapUsed), heapTotalMb: mb(mem.heapTotal),
      externalMb: mb(mem.external), arrayBuffersMb: mb(mem.arrayBuffers), oldSpaceMb: mb(spaces.old_space ?? 0),
      largeObjectMb: mb(spaces.large_object_space ?? 0), held: state?.held ?? 0, heldMb: mb(heldBytes),
      inFlight: state?.inFlight ?? 0, queued: state?.queued ?? 0, unstored: state?.unstored ?? 0, onWire, slots: 0,
    });
  };
  const timer = setInterval(sample, sampleMs);
  timer.unref();

  return () => {
    clearInterval(timer);
    sample();
    delay.disable();
    for (const [name, fn] of subs) diagnostics.unsubscribe(name, fn);
    // Slots busy per sample, from the intervals.
    const edges = slots.flatMap((x) => [[x.startedAt, 1], [x.endedAt, -1]] as const).sort((a, b) => a[0] - b[0]);
    let busy = 0;
    let e = 0;
    for (const s of samples) {
      const at = t0 + s.t * 1000;
      for (; e < edges.length && edges[e]![0] <= at; e++) busy += edges[e]![1];
      s.slots = busy;
    }
    const wallMs = performance.now() - t0;
    const slotMs = slots.map((s) => s.endedAt - s.startedAt);
    const waitSlot = slots.map((s) => s.startedAt - s.readyAt);
    const peak = samples.reduce((a, b) => (b.rssMb > a.rssMb ? b : a), samples[0]!);
    const summary = {
      wallS: wallMs / 1000,
      requests: slots.length,
      slot: {
        meanMs: mean(slotMs), p50Ms: quantile(slotMs, 0.5), p90Ms: quantile(slotMs, 0.9), p99Ms: quantile(slotMs, 0.99),
        /** Mean slots busy over the crawl (Σ slot time ÷ wall). */
        meanBusy: slotMs.reduce((a, b) => a + b, 0) / wallMs,
        /** Host ready, waiting for a free slot. */
        waitForSlotMeanMs: mean(waitSlot),
      },
      wire: {
        /** undici create -> headers written to the socket (waiting for a connection). */
        queuedForSocketMeanMs: mean(waits.queuedForSocket),
        /** headers written -> response headers read (the world's latency, plus event-loop lag). */
        toHeadersMeanMs: mean(waits.toHeaders), toHeadersP90Ms: quantile(waits.toHeaders, 0.9),
        /** response headers -> body end. */
        bodyMeanMs: mean(waits.body),
        meanOnWire: mean(samples.map((s) => s.onWire)),
      },
      rows: {
        /** dispatched -> the source's outcome (host turn, robots.txt, fetch, parse). */
        toAnswerMeanMs: mean(toAnswer), toAnswerP90Ms: quantile(toAnswer, 0.9),
        /** outcome -> stored (waiting for the commit turn). */
        toStoreMeanMs: mean(toStore), toStoreP90Ms: quantile(toStore, 0.9),
        meanInFlight: mean(samples.map((s) => s.inFlight)),
        meanHeld: mean(samples.map((s) => s.held)), maxHeld: Math.max(0, ...samples.map((s) => s.held)),
        maxHeldMb: mb(maxHeldBytes),
        meanUnstored: mean(samples.map((s) => s.unstored)), maxUnstored: Math.max(0, ...samples.map((s) => s.unstored)),
      },
      eventLoopDelay: { meanMs: delay.mean / 1e6, p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6 },
      memory: { peak, maxHeapUsedMb: Math.max(...samples.map((s) => s.heapUsedMb)), maxExternalMb: Math.max(...samples.map((s) => s.externalMb)) },
    };
    writeFileSync(file, JSON.stringify({ summary, samples }, null, 1));
  };
}
