import { formatPence, outcomeLabel } from '#src/casework/schemas.ts';
import type { CaseOutcome, CaseTask } from '#src/casework/schemas.ts';

export const PERIOD_LABEL: Record<CaseOutcome['period'], string> = {
  'one-off': 'one-off',
  weekly: 'a week',
  monthly: 'a month',
  yearly: 'a year',
};

/** "Debt written off: Council tax arrears, £1,250.00 one-off". */
export const outcomeLine = (o: CaseOutcome): string =>
  `${outcomeLabel(o.kind)}: ${o.type}${
    o.amountPence === null ? '' : `, ${formatPence(o.amountPence)} ${PERIOD_LABEL[o.period]}`
  }`;

export const TASK_KIND_LABEL: Record<CaseTask['kind'], string> = {
  task: 'Task',
  'key-date': 'Key date',
};

/** "12 KB" / "1.2 MB" */
export const formatSize = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
