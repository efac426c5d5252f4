import { JsonLogger, levelsFrom } from './json-logger';

describe('JSON logger', () => {
  const capture = (threshold: Parameters<typeof levelsFrom>[0] = 'log') => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = new JsonLogger(levelsFrom(threshold), (line) => lines.push(JSON.parse(line)));
    return { logger, lines };
  };

  it('writes one flat JSON object per line, with the context', () => {
    const { logger, lines } = capture();
    logger.log({ message: 'Read models caught up', position: 42 }, 'Ledger');
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    expect(lines[0]).toMatchObject({ level: 'log', context: 'Ledger', message: 'Read models caught up', position: 42 });
    expect(lines[1]).toMatchObject({ level: 'log', context: 'RouterExplorer', message: 'Mapped {/health, GET} route' });
    expect(typeof lines[0].time).toBe('string');
  });

  it('keeps the stack of an error', () => {
    const { logger, lines } = capture();
    logger.error('Projection stopped', 'Error: boom\n    at x', 'Projector');
    logger.error(new Error('kaput'));
    expect(lines[0]).toMatchObject({ level: 'error', message: 'Projection stopped', stack: 'Error: boom\n    at x', context: 'Projector' });
    expect(lines[1]).toMatchObject({ level: 'error', message: 'kaput' });
    expect(String(lines[1].stack)).toContain('kaput');
  });

  it('drops levels below the threshold', () => {
    const { logger, lines } = capture('warn');
    logger.log('chatty');
    logger.debug('chattier');
    logger.warn('careful');
    expect(lines.map((line) => line.message)).toEqual(['careful']);
  });
});
