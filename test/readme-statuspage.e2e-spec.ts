import { describeReadmeSection } from './support/readme';

/**
 * The README's status page example, run verbatim against a server started as
 * it says (`npm start`, the product's defaults): components in a group, an
 * incident published with a public title, an INTERNAL and an EXTERNAL
 * update, the Statuspage API read with curl, a maintenance scheduled.
 */
describeReadmeSection('the README status page example', { from: '### Try it: publish an incident, schedule maintenance\n', to: '### What is served\n' });
