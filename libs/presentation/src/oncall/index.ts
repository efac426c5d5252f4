// On-call shifts as an iCalendar feed that calendar apps subscribe to.
export * from './shift-calendar';
