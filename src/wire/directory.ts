import { z } from 'zod';
import { NATIONS } from '#src/nations.ts';
import { ISSUE_CODES } from '#src/taxonomy.ts';

/**
 * The directory as it travels between server and client. Field names follow
 * Open Referral HSDS 3 where a field exists there (organization_id, name,
 * description, email, url); Handover's own fields (receiving, issues) are
 * additions. The full HSDS mapping comes with the directory work.
 */
export const nationSchema = z.enum(NATIONS);

export const isoDate = z.iso.date();
export const isoDateTime = z.iso.datetime({ offset: true });

export const issueCodeSchema = z.enum(ISSUE_CODES);

export const receivingSchema = z.object({
  state: z.enum(['receiving', 'paused', 'not-receiving']),
  /** For `paused`: the date it resumes by itself. */
  until: isoDate.nullable(),
  reason: z.string().max(500).nullable(),
});
export type Receiving = z.infer<typeof receivingSchema>;

export const organisationSchema = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(200),
  nation: nationSchema,
});
export type Organisation = z.infer<typeof organisationSchema>;

export const serviceSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  organization_name: z.string(),
  name: z.string().min(1).max(200),
  description: z.string().max(5000),
  issues: z.array(issueCodeSchema).max(30),
  /** Postcode districts served; empty = anywhere in the network. */
  areas: z.array(z.string().max(10)).max(500),
  email: z.string().max(320).nullable(),
  phone: z.string().max(40).nullable(),
  accepts_self_referral: z.boolean(),
  receiving: receivingSchema,
  updated_at: isoDateTime,
});
export type Service = z.infer<typeof serviceSchema>;
