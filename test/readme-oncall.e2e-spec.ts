import { describeReadmeSection } from './support/readme';

/**
 * The README's on-call example, run verbatim against a server started as it
 * says (`npm start`, the product's defaults): a follow-the-sun schedule, who
 * is on call, no gaps, a swap, and the calendar feed fetched without a key.
 */
describeReadmeSection('the README on-call example', { from: '### Try it: a follow-the-sun schedule\n', to: '### Schedules, changes and time travel\n' });
