// The digest as one self-contained HTML page for email: inline styles only (mail clients drop
// <style> and never run scripts), every string from the web escaped, links only for http(s).
import type { ChangedCandidate } from '../rank/changes.js';
import { escapeHtml } from '../report/page.js';
import { emptyLine, followedWords, isEmptyDigest, type Digest } from './digest-data.js';

function a(text: string, url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}" style="color:#2b6cb0">${escapeHtml(text)}</a>` : escapeHtml(text);
}

function mover(kind: string, c: ChangedCandidate, extra = ''): string {
  const move = c.previousRank !== null && c.rank !== null ? ` #${c.previousRank} → #${c.rank}` : c.rank !== null ? ` #${c.rank}` : '';
  return `<li><b>${kind}</b> ${c.url ? a(c.name, c.url) : escapeHtml(c.name)}${move}${extra ? `, ${escapeHtml(extra)}` : ''}</li>`;
}

/** Render `d` as an HTML email. */
export function digestHtml(d: Digest): string {
  const title = `linernotes digest, run ${d.runId} (${d.runDate})`;
  const body: string[] = [];
  if (isEmptyDigest(d)) body.push(`<p>${escapeHtml(emptyLine(d))}</p>`);
  else {
    body.push(`<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(title)}</h1>`, `<p style="color:#5a6775;margin:0 0 16px">What ${escapeHtml(followedWords(d))} published since ${escapeHtml(d.sinceLabel)}.</p>`);
    if (d.people.length === 0) body.push(`<p>No posts from ${escapeHtml(followedWords(d))}.</p>`);
    for (const p of d.people) {
      body.push(`<h2 style="font-size:16px;margin:18px 0 6px">${p.url ? a(p.name, p.url) : escapeHtml(p.name)}${p.rank !== null || p.pickedBy !== null ? ` <span style="color:#5a6775;font-weight:normal">${[p.rank !== null ? `#${p.rank}` : '', p.pickedBy !== null ? `picked by ${escapeHtml(p.pickedBy)}` : ''].filter(Boolean).join(' · ')}</span>` : ''}</h2>`, '<ul style="padding-left:20px;margin:0">');
      for (const post of p.posts) {
        body.push(`<li style="margin:0 0 10px"><b>${a(post.title, post.url)}</b> <span style="color:#5a6775">${escapeHtml(post.date)}</span>${post.blurb ? `<br>${escapeHtml(post.blurb)}` : ''}<br><span style="color:#5a6775;font-size:13px">found via ${escapeHtml(post.via)}</span></li>`);
      }
      body.push('</ul>');
    }
    const movers = [
      ...d.movers.newCandidates.map((c) => mover('new', c)),
      ...d.movers.risers.map((c) => mover('rising', c)),
      ...d.movers.silent.map((c) => mover('went silent', c, `last post ${c.lastPost}`)),
    ];
    if (movers.length > 0) body.push(`<h2 style="font-size:16px;margin:18px 0 6px">Movers since run ${d.baseRunId}</h2>`, '<ul style="padding-left:20px;margin:0">', ...movers, '</ul>');
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:16px;font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1a202c;max-width:720px">
${body.join('\n')}
</body></html>
`;
}
