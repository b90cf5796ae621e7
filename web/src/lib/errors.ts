import { graphql, readFragment, type FragmentType } from "../gql";
import type { FieldErrorFragment as FieldErrorData } from "../gql/graphql";

/** What every mutation's `errors` are read with (one shape for the whole API). */
export const FieldErrorFragment = graphql(`
  fragment FieldError on FieldError {
    field
    code
    message
  }
`);

export type FieldErrorRef = FragmentType<typeof FieldErrorFragment>;
export type { FieldErrorData };

export function readErrors(
  errors: readonly FieldErrorRef[] | null | undefined,
): readonly FieldErrorData[] {
  return readFragment(FieldErrorFragment, errors ?? []);
}

/** The first error's message, or `fallback` when there is none. */
export function firstMessage(
  errors: readonly FieldErrorRef[] | null | undefined,
  fallback: string,
): string {
  return readErrors(errors)[0]?.message ?? fallback;
}
