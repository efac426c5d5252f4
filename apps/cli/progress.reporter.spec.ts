import { ProgressReporter } from './progress.reporter';

describe('ProgressReporter', () => {
  let now: number;
  const clock = () => now;
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { isTTY, written, write: (text: string) => written.push(text) };
  };

  beforeEach(() => (now = 10_000));

  it('on a terminal, redraws one line with events done, events per second and the time left, at most every 250 ms', () => {
    const out = stream(true);
    const progress = new ProgressReporter('export', out, clock);

    now += 1_000;
    progress.update(2_000, 0.25);
    now += 100;
    progress.update(2_200, 0.27); // too soon after the last line: not drawn
    now += 150;
    progress.update(2_500, 0.3);

    expect(out.written).toEqual([
      '\r\x1b[Kexport: 2,000 events (25%), 2,000 events/s, about 3 s left',
      '\r\x1b[Kexport: 2,500 events (30%), 2,000 events/s, about 3 s left',
    ]);
  });

  it('estimates long work in minutes and hours, and says so while nothing is done', () => {
    const out = stream(true);
    const progress = new ProgressReporter('rebuild', out, clock);
    now += 60_000;
    progress.update(0, 0);
    now += 60_000;
    progress.update(600, 0.4);
    now += 3_480_000;
    progress.update(6_000, 0.5);

    expect(out.written).toEqual([
      '\r\x1b[Krebuild: 0 events (0%), 0 events/s, estimating the time left',
      '\r\x1b[Krebuild: 600 events (40%), 5 events/s, about 3 min 0 s left',
      '\r\x1b[Krebuild: 6,000 events (50%), 2 events/s, about 1 h 0 min left',
    ]);
  });

  it('waits for a first rate worth showing, and ends a terminal progress line with the summary in its place', () => {
    const out = stream(true);
    const progress = new ProgressReporter('import', out, clock);
    progress.update(1, 0.05); // too soon after the start: no rate worth showing yet
    now += 1_000;
    progress.update(10, 0.5);
    now += 1_000;
    progress.finish(20, 'imported', '; head position 20');

    expect(out.written).toEqual([
      '\r\x1b[Kimport: 10 events (50%), 10 events/s, about 1 s left',
      '\r\x1b[Kimported 20 events in 2.00 s (10 events/s); head position 20\n',
    ]);
  });

  it('elsewhere writes only one summary line at the end', () => {
    const out = stream(false);
    const progress = new ProgressReporter('export', out, clock);
    for (let i = 1; i <= 1_000; i++) {
      now += 1;
      progress.update(i, i / 1_000);
    }
    progress.finish(1_000, 'exported');

    expect(out.written).toEqual(['exported 1000 events in 1.00 s (1000 events/s)\n']);
  });
});
