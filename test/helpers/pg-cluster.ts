// The throwaway PostgreSQL cluster of the tests: bench/pg-cluster.ts (the workers bench starts
// one too, and bench/ is built where test/ is not).
export * from '../../bench/pg-cluster.js';
