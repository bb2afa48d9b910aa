// Re-export of the odex solver (Hairer & Wanner's ODEX, GBS extrapolation). The package ships its
// TypeScript source, which does not pass this project's strict type check; odex.d.ts next to this
// file declares the part of its interface we use, so the compiler never reads the package source.
export { Solver } from 'odex';
