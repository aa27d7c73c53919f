import { z } from 'zod';
import type { Reason } from '#src/reasons.ts';
import { issueCodeSchema } from '#src/wire/directory.ts';
import { gapAreaSchema, gapWhySchema } from '#src/wire/provision.ts';

/**
 * Gaps in provision and signposting as the desk records them (#4). The
 * network gets them without client data; a signposting may be linked to a
 * client here, on this desk only.
 */
export const recordGapSchema = z.object({
  issue: issueCodeSchema,
  area: gapAreaSchema,
  why: gapWhySchema,
});
export type RecordGapInput = z.input<typeof recordGapSchema>;

export const recordSignpostSchema = z.object({
  serviceId: z.uuid(),
  /** The client who was told about the service, when recorded from their page. */
  clientId: z.uuid().nullable(),
  issues: z.array(issueCodeSchema).max(30),
});
export type RecordSignpostInput = z.input<typeof recordSignpostSchema>;

type Local = {
  /** Still in the outbox: not yet counted by the network. */
  waitingToSend: boolean;
  /** The server refused it, and why. */
  refused: Reason | null;
};

export type DeskGap = Local & {
  id: string;
  issue: string;
  area: string;
  why: string;
  recordedBy: string;
  recordedAt: string;
};

export type DeskSignpost = Local & {
  id: string;
  clientId: string | null;
  serviceId: string;
  serviceName: string;
  organisationName: string;
  issues: string[];
  recordedBy: string;
  recordedAt: string;
};
