// vitest globalSetup: one throwaway PostgreSQL cluster for the whole test run (test/helpers/
// pg-cluster.ts); test files create their own databases in it (test/helpers/pg-databases.ts).
import type { TestProject } from 'vitest/node';
import { startPgCluster } from './pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The socket folder of the test cluster. */
    pgSocketDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const cluster = startPgCluster();
  project.provide('pgSocketDir', cluster.dir);
  return () => cluster.stop();
}
