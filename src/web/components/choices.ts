/**
 * The values of a shared zod enum in the order a form offers them: the given ones first (the usual answer, so it is
 * the default and the first stop for the arrow keys), then the rest in the contract's order. The list of values is
 * the contract's own, so a value added to the enum appears in the form without a second declaration.
 */
export function inOrder<T extends string>(values: readonly T[], first: readonly T[]): T[] {
  return [...first, ...values.filter((v) => !first.includes(v))];
}
