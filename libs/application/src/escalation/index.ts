// Escalation: what pages people and lets them acknowledge.
export * from './page-links';
export * from './page-acknowledgements';
