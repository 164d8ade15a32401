import { benchRanking } from './rank-bench.js';
console.log(benchRanking(Number(process.argv[2] ?? 1_000_000), { networkx: process.argv.includes('--nx') }));
