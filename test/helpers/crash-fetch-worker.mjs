// The real fetch thread (dist/src/crawl/fetch-worker.js), except that it dies the moment it is
// asked for a URL containing `/crash-thread`: what a page that crashes or exhausts the thread
// looks like from the main thread. (The real thread is loaded first: a message that arrives
// while only this listener is attached would never reach it.)
import { parentPort } from 'node:worker_threads';

await import('../../dist/src/crawl/fetch-worker.js');
parentPort.on('message', (msg) => {
  if (msg.type === 'fetch' && msg.req.url.includes('/crash-thread')) process.exit(7);
});
