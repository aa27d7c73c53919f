import { describe, expect, it } from 'vitest';
import { auditSearchSchema } from '#src/account-forms.ts';
import { caseInputSchema, outcomeInputSchema, taskInputSchema } from '#src/casework/schemas.ts';
import { DATES_REVERSED } from '#src/date-range.ts';

/** The words a person reads when a date is missing from a date picker (#12). */
const dateWords = (
  schema: { safeParse: (v: unknown) => unknown },
  input: unknown,
  path: string,
) => {
  const parsed = schema.safeParse(input) as {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  };
  return parsed.error?.issues.find((i) => i.path.join('.') === path)?.message;
};

describe('dates chosen with a date picker', () => {
  it('are asked for without a typed format to copy ("27 3 2027" beside a picker)', () => {
    const messages = [
      dateWords(taskInputSchema, { dueOn: '' }, 'dueOn'),
      dateWords(caseInputSchema, { openedOn: '' }, 'openedOn'),
      dateWords(outcomeInputSchema, { achievedOn: '' }, 'achievedOn'),
      dateWords(auditSearchSchema, { from: 'x' }, 'from'),
    ];
    for (const message of messages) {
      expect(message).toBe('Choose a whole date: day, month and year');
    }
  });

  it('say a "from" after the "to" is the wrong way round', () => {
    expect(dateWords(auditSearchSchema, { from: '2026-12-01', to: '2026-11-01' }, 'to')).toBe(
      DATES_REVERSED,
    );
    expect(auditSearchSchema.safeParse({ from: '2026-11-01', to: '2026-11-01' }).success).toBe(
      true,
    );
  });
});
