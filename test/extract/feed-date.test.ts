import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/extract/feed-date.js';

const utc = (...a: [number, number, number, number?, number?, number?]) => Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0);

describe('parseFeedDate', () => {
  it('parses RFC 822 dates with numeric and named zones', () => {
    expect(parseFeedDate('Tue, 14 Jan 2025 09:30:00 +0000')).toBe(utc(2025, 1, 14, 9, 30));
    expect(parseFeedDate('Tue, 14 Jan 2025 09:30:00 +0100')).toBe(utc(2025, 1, 14, 8, 30));
    expect(parseFeedDate('Sun, 29 Dec 2024 12:00:00 EST')).toBe(utc(2024, 12, 29, 17));
    expect(parseFeedDate('Wed, 15 Jan 2025 18:00:00 GMT')).toBe(utc(2025, 1, 15, 18));
    expect(parseFeedDate('Mon, 3 Feb 25 07:00 GMT')).toBe(utc(2025, 2, 3, 7));
  });

  it('tolerates the usual RFC 822 sloppiness', () => {
    expect(parseFeedDate('Tues, 14 Jan 2025 09:30:00 +0000')).toBe(utc(2025, 1, 14, 9, 30));
    expect(parseFeedDate('Di, 14 Jan 2025 09:30:00 +0000')).toBe(utc(2025, 1, 14, 9, 30));
    expect(parseFeedDate('14 January 2025 09:30:00 +0000 (UTC)')).toBe(utc(2025, 1, 14, 9, 30));
    expect(parseFeedDate('14 Jan 2025')).toBe(utc(2025, 1, 14));
  });

  it('parses RFC 3339 / ISO 8601 and reads zone-less times as UTC', () => {
    expect(parseFeedDate('2025-01-10T08:00:00Z')).toBe(utc(2025, 1, 10, 8));
    expect(parseFeedDate('2024-11-05T10:00:00+01:00')).toBe(utc(2024, 11, 5, 9));
    expect(parseFeedDate('2025-01-10T08:00:00.250Z')).toBe(utc(2025, 1, 10, 8) + 250);
    expect(parseFeedDate('2025-01-10 08:00')).toBe(utc(2025, 1, 10, 8));
    expect(parseFeedDate('2024-10-01')).toBe(utc(2024, 10, 1));
  });

  it('returns null for things V8 would happily guess at', () => {
    for (const bad of ['Episode 12', 'foo 12', 'yesterday-ish', 'Freitag, 32 Februar 2025 25:61 MEZ', '2025-13-45', '2025-02-31', '', '   ', 'Mon, 31 Feb 2025 10:00:00 GMT']) {
      expect(parseFeedDate(bad)).toBeNull();
    }
    expect(parseFeedDate(undefined)).toBeNull();
    expect(parseFeedDate(42)).toBeNull();
  });

  it('rejects filler dates outside 1980-2200', () => {
    expect(parseFeedDate('1970-01-01T00:00:00Z')).toBeNull();
    expect(parseFeedDate('9999-01-01T00:00:00Z')).toBeNull();
  });

  it('accepts JavaScript Date.toString output when it names a zone', () => {
    expect(parseFeedDate('Tue Jan 14 2025 09:30:00 GMT+0000 (Coordinated Universal Time)')).toBe(utc(2025, 1, 14, 9, 30));
  });
});
