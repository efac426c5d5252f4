import { OneAtATime } from './one-at-a-time';

describe('one at a time', () => {
  it('lets the event loop take a turn between two pieces of work, so other callbacks do not wait for all of them', async () => {
    const order: string[] = [];
    const queue = new OneAtATime();
    const piece = (name: string) => () => {
      order.push(name);
      // An answer that became ready while this piece ran (a health check, say).
      setImmediate(() => order.push(`waiting after ${name}`));
      return name;
    };
    const answers = await Promise.all([queue.run(piece('a')), queue.run(piece('b')), queue.run(piece('c'))]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answers).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['a', 'waiting after a', 'b', 'waiting after b', 'c', 'waiting after c']);
  });

  it('goes on after a piece that throws, and gives the error to its caller only', async () => {
    const queue = new OneAtATime();
    const failed = queue.run(() => {
      throw new Error('refused');
    });
    const next = queue.run(() => 'next');
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('next');
  });
});
