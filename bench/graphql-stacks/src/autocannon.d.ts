/** The small part of autocannon's programmatic API that run.ts uses (the package ships no types). */
declare module 'autocannon' {
  interface Histogram { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p99: number; total: number }
  interface Options {
    url: string; connections?: number; duration?: number; method?: string;
    headers?: Record<string, string>; body?: string; verifyBody?: (body: string) => boolean;
  }
  interface Result {
    requests: Histogram; latency: Histogram; duration: number;
    errors: number; timeouts: number; mismatches: number; non2xx: number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
