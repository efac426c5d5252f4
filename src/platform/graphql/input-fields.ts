import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DateTimeScalar } from './date-time.scalar';

/** A required text field of an input: a String, at most `maxLength` characters. */
export const Text = (maxLength: number, description?: string) => applyDecorators(Field(() => String, { description }), IsString(), MaxLength(maxLength));

/** An optional list of strings, at most `maxCount` of them, each at most `maxLength`. */
export const OptionalStrings = (maxCount: number, maxLength: number, description: string) =>
  applyDecorators(
    Field(() => [String], { nullable: true, description }),
    IsOptional(),
    ArrayMaxSize(maxCount),
    IsString({ each: true }),
    MaxLength(maxLength, { each: true }),
  );

/** An optional text field of an input: a String, at most `maxLength` characters. */
export const OptionalText = (maxLength: number, description?: string) =>
  applyDecorators(Field(() => String, { nullable: true, description }), IsOptional(), IsString(), MaxLength(maxLength));

/** An optional instant field of an input (the DateTime scalar, read as a Date). */
export const OptionalInstant = (description?: string) =>
  applyDecorators(Field(() => DateTimeScalar, { nullable: true, description }), IsOptional(), Type(() => Date), IsDate());

const COMMAND_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** The optional `commandId` of a mutation: the client's id that makes a retry write nothing twice. */
export const CommandIdField = (description: string) =>
  applyDecorators(
    Field(() => String, { nullable: true, description }),
    IsOptional(),
    Matches(COMMAND_ID, { message: 'commandId must be 1 to 200 letters, digits or . _ : -' }),
  );
