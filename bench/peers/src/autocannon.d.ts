/** The part of autocannon's programmatic API that load.ts uses (the package ships no types). */
declare module 'autocannon' {
  interface Histogram { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p99: number; p99_9: number; total: number }
  interface Request { method?: string; path?: string; headers?: Record<string, string>; body?: string }
  interface Options {
    url: string; connections?: number; duration?: number; method?: string;
    headers?: Record<string, string>; body?: string;
    /** Called before each request of the sequence; what it returns is sent. */
    requests?: Array<Request & { setupRequest?: (request: Request) => Request }>;
    verifyBody?: (body: string) => boolean;
  }
  interface Result {
    requests: Histogram; latency: Histogram; duration: number;
    errors: number; timeouts: number; mismatches: number; non2xx: number;
    '2xx': number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
