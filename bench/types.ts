/** One measured figure; `budget` is the limit in the same unit, where one is set. */
export type BenchResult = { name: string; value: number; unit: string; budget: number | null };
