import { PipeTransform } from '@nestjs/common';
import { InputValidationError } from '../errors/error-codes';

/** The name of every size argument of this API. */
export const PAGE_SIZE_ARGUMENT = 'first';

/**
 * The GraphQL field extension holding the largest page a list field answers:
 * the cost rule sizes `first: $n` by it, since a validation rule does not see
 * the variables.
 */
export const MAX_PAGE_SIZE_EXTENSION = 'maxPageSize';

export interface PageSize {
  /** Items answered when `first` is not given (or null). */
  default: number;
  /** The most items one page holds. */
  max: number;
}

/** Why `value` is no page size for a field answering at most `max` items (Infinity: no declared maximum), or undefined. */
export function pageSizeProblem(value: number, max = Infinity): string | undefined {
  if (Number.isInteger(value) && value >= 1 && value <= max) return undefined;
  return Number.isFinite(max) ? `${PAGE_SIZE_ARGUMENT} must be between 1 and ${max}` : `${PAGE_SIZE_ARGUMENT} must be at least 1`;
}

export function pageSizeError(message: string): InputValidationError {
  return new InputValidationError([{ field: PAGE_SIZE_ARGUMENT, messages: [message] }]);
}

/**
 * Refuses a size outside 1..max, from a literal or a variable alike, before
 * the resolver does any work; reads null as the default, since a null page
 * size would otherwise mean no limit at all.
 */
export class PageSizePipe implements PipeTransform<number | null | undefined, number> {
  constructor(private readonly size: PageSize) {}

  transform(value: number | null | undefined): number {
    if (value === null || value === undefined) return this.size.default;
    const problem = pageSizeProblem(value, this.size.max);
    if (problem) throw pageSizeError(problem);
    return value;
  }
}
