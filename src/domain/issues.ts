import type { z } from 'zod';

/** One problem with an input, named by its field path ("proposed.weeklyCost"). */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** Every problem zod found, each named by the field, in the order of the input. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : '(body)',
    problem: issue.message,
  }));
}

/** The same problems as "field: problem" lines, for cards and command-line reports. */
export function problemLines(problems: FieldProblem[]): string[] {
  return problems.map((p) => `${p.field}: ${p.problem}`);
}
