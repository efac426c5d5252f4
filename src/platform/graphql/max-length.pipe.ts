import { PipeTransform } from '@nestjs/common';
import { InputValidationError } from '../errors/error-codes';

/** A length limit for a plain string argument (input objects have theirs in class-validator). */
export class MaxLengthPipe implements PipeTransform<unknown, unknown> {
  constructor(
    private readonly field: string,
    private readonly maxLength: number,
  ) {}

  transform(value: unknown): unknown {
    if (typeof value === 'string' && value.length > this.maxLength) {
      throw new InputValidationError([{ field: this.field, messages: [`${this.field} must be at most ${this.maxLength} characters`] }]);
    }
    return value;
  }
}

/** Ids are uuids or short client-chosen names; cursors are short base64url strings. */
export const ID_MAX_LENGTH = 100;
export const CURSOR_MAX_LENGTH = 500;
