import { z } from 'zod';
import type { Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import {
  acceptInvitationRequestSchema,
  auditSearchSchema,
  changeOneTimePasswordRequestSchema,
  inviteLeadRequestSchema,
  inviteStaffRequestSchema,
  type InvitationMade,
  type OrganisationSummary,
  twoFactorCodeRequestSchema,
  twoFactorDisableRequestSchema,
  type Account,
  type AgreementsStatus,
  type AuditEntryView,
  type Device,
  type TwoFactorStart,
} from '#src/account-forms.ts';
import type { Figures } from '#src/wire/accounts.ts';
import type { Me } from '#src/wire/api.ts';
import { setDeskSettingsSchema, setRetentionSchema } from '#src/wire/desk-settings.ts';
import type {
  Case,
  CaseDocument,
  CaseFile,
  CaseNote,
  CaseOutcome,
  CaseTask,
  SearchHit,
  TimelineEntry,
  VulnerabilityFlag,
} from '#src/casework/schemas.ts';
import { importRequestSchema } from '#src/casework/import.ts';
import type { ImportPreview } from '#src/casework/import.ts';
import {
  caseInputSchema,
  caseUpdateSchema,
  caseworkSearchSchema,
  documentInputSchema,
  noteInputSchema,
  outcomeInputSchema,
  saveClientSchema,
  taskInputSchema,
} from '#src/casework/schemas.ts';
import type { Service } from '#src/wire/directory.ts';
import { issueCodeSchema, isoDate } from '#src/wire/directory.ts';
import { capacitySchema, receivingChangeSchema } from '#src/wire/directory.ts';
import type { ServiceView } from '#src/directory/view.ts';
import { directoryFindSchema } from '#src/directory/find.ts';
import { recordGapSchema, recordSignpostSchema } from '#src/directory/provision.ts';
import type { DeskGap, DeskSignpost } from '#src/directory/provision.ts';
import type { Gap } from '#src/wire/provision.ts';
import { serviceEditSchema } from '#src/wire/service-edit.ts';
import { organisationEditSchema, type OrganisationView } from '#src/wire/organisation-edit.ts';
import { joinDecisionSchema, type JoinApproved, type JoinRequest } from '#src/wire/join.ts';
import type { IssueCategory } from '#src/taxonomy.ts';
import {
  bulletinInputSchema,
  directorySettingsSchema,
  type Bulletin,
  type DirectorySettings,
} from '#src/wire/bulletins.ts';
import type { ServiceHit } from '#src/directory/search.ts';
import type { Referral } from '#src/wire/referral.ts';
import type { Colleague } from '#src/wire/inbox.ts';
import type { AttachmentDownload } from '#src/wire/attachments.ts';
import type { AgencyContact } from '#src/wire/agency-contact.ts';
import type { OverdueResponse } from '#src/wire/overdue.ts';
import { DECLINE_TEXT_NEEDED, declineExplained } from '#src/wire/commands.ts';
import { hasInvalidText, line, secret, text } from '#src/wire/text.ts';
import {
  CONSENT_METHODS,
  declineReasonSchema,
  PREFERRED_CONTACT,
  SHAREABLE_FIELDS,
} from '#src/wire/referral.ts';

/**
 * The one contract between the renderer and main/ (DESIGN.md, "One contract
 * between renderer and main"): channel → request schema → response type.
 * Electron's preload, main's IPC handlers and the web-mode host all use it.
 * main/ parses every request with its schema before a handler sees it.
 */

/** Several lines, or nothing (null). */
const optionalText = (max: number) =>
  text(max)
    .transform((s) => (s === '' ? null : s))
    .nullable();
/** One line, or nothing (null). */
const optionalLine = (max: number) =>
  line(max)
    .transform((s) => (s === '' ? null : s))
    .nullable();

/** A client as the adviser types it on the desk. */
export const clientInputSchema = z.object({
  name: line(200).min(1, 'Enter the client’s name'),
  dateOfBirth: isoDate.nullable(),
  phone: optionalLine(40),
  email: z
    .union([z.literal(''), z.email('Enter an email address like name@example.org').max(320)])
    .transform((s) => (s === '' ? null : s))
    .nullable(),
  address: optionalText(500),
  postcode: optionalLine(10),
  preferredContact: z.enum(PREFERRED_CONTACT).nullable(),
});
export type ClientInput = z.input<typeof clientInputSchema>;

export type Client = {
  id: string;
  name: string;
  dateOfBirth: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  preferredContact: (typeof PREFERRED_CONTACT)[number] | null;
  /** The rest of the client's details (casework, #5). */
  otherNames: string | null;
  contactNotes: string | null;
  household: string | null;
  language: string | null;
  interpreterNeeded: boolean;
  accessibilityNeeds: string | null;
  vulnerabilities: VulnerabilityFlag[];
  createdAt: string;
  updatedAt: string;
};

/** What became of a change to a service made on this desk (#4). */
export type ServiceChangeOutcome = {
  serviceId: string;
  /** Still in the outbox: the network has not seen it yet. */
  waitingToSend: boolean;
  /** The server refused it, and why. */
  refused: Reason | null;
};

/** A referral as the desk sees it: the server's view, or a local one still in the outbox. */
export type DeskReferral = {
  referral: Referral;
  direction: 'outgoing' | 'incoming';
  /** Sent from this desk but not yet accepted by the server. */
  waitingToSend: boolean;
  /** The server refused it (e.g. the service stopped receiving); the reason, in words' code. */
  refused: Reason | null;
  /** The local client it was made from, or (incoming) the one accepting it started or linked. */
  clientId: string | null;
  /** The local case accepting an incoming referral started (#3). */
  caseId?: string | null;
};

/** Something the other side (or the network) did to one of this desk's referrals. */
export type ReferralUpdate = {
  eventId: string;
  referralId: string;
  clientName: string;
  direction: 'outgoing' | 'incoming';
  type: Referral['events'][number]['type'];
  actorName: string;
  actorOrganisation: string;
  at: string;
  /** Not yet seen on the updates page. */
  unseen: boolean;
  /** A colleague gave this referral to the user (#3). */
  toYou?: boolean;
};

export type SessionState =
  | {
      state: 'signed-out';
      serverUrl: string;
      email: string | null;
      /** Why the desk signed out by itself (e.g. the account was disabled): shown on sign-in. */
      why?: Reason;
    }
  | {
      state: 'locked';
      serverUrl: string;
      /** How the store's key is kept: in the OS keychain, or wrapped by a passphrase. */
      keyCustody: 'keychain' | 'passphrase';
      /** There is no store yet: the user must choose a passphrase. */
      newStore: boolean;
      email: string;
      /** Locked after use (#5): by the user, or after the agency's idle minutes. */
      lockedBecause?: 'asked' | 'idle';
      /** The key is in the keychain: the user's sign-in password, checked locally, unlocks. */
      unlockWith?: 'password';
    }
  | {
      state: 'ready';
      serverUrl: string;
      keyCustody: 'keychain' | 'passphrase';
      me: Me;
    };

/** How the signed-in user's casework is kept safe on this computer (#5). */
export type SecuritySettings = {
  /** Minutes without keyboard or pointer use before the desk locks. */
  autoLockMinutes: number;
  /** The user is their agency's lead, who sets the minutes. */
  canChangeAutoLock: boolean;
  /** How this store's key is kept: a passphrase to type, or the keychain. */
  keyCustody: 'keychain' | 'passphrase';
  /** The store's key is being changed right now (the store is closed meanwhile). */
  keyChanging?: true;
};

/** The agency's retention rule as this desk runs it (#5). */
export type RetentionSchedule = {
  /** Cases closed more than this many years ago are anonymised; null: no rule. */
  years: number | null;
  /** Days a case is listed before it is anonymised. */
  noticeDays: number;
  /** Listed now, oldest first, with the day each will be anonymised. */
  cases: { caseId: string; reference: string; closedOn: string; anonymiseOn: string }[];
  /** The last automatic anonymising, if any. */
  lastRun: { on: string; anonymisedCases: number; anonymisedClients: number } | null;
  /** The user is their agency's lead, who sets the rule. */
  canChange: boolean;
};

/** Backups of the signed-in user's casework (#5). */
export type BackupStatus = {
  folder: string | null;
  /** 0: only when the adviser asks. */
  everyHours: number;
  lastBackupAt: string | null;
  /** Why the last scheduled backup failed, if it did. */
  lastProblem: Reason | null;
  /** How many of this user's backups are kept in the folder; older ones are removed. */
  keep: number;
};

/** One folder's sub-folders, for choosing the backup folder in the app (#5). */
export type FolderListing = {
  /** Absolute and normalised. */
  path: string;
  /** Null at the top of a drive. */
  parent: string | null;
  /** Names only, hidden ones left out, sorted. */
  folders: string[];
  /** Starting points: home, Documents, Desktop, USB sticks, network shares. */
  places: { label: string; path: string }[];
};

const folderPathSchema = line(1000).min(1, 'Choose a folder');

export type SyncStatus = {
  online: boolean;
  /** Commands waiting in the outbox. */
  waiting: number;
  lastSyncedAt: string | null;
};

export const referralActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge') }),
  z.object({ action: z.literal('accept') }),
  z
    .object({ action: z.literal('decline'), reason: declineReasonSchema, text: text(2000) })
    .refine(declineExplained, DECLINE_TEXT_NEEDED),
  z.object({ action: z.literal('unable-to-contact'), text: text(2000) }),
  z.object({ action: z.literal('record-contact') }),
  z.object({
    action: z.literal('close'),
    outcome: text(2000).min(1, 'Say what the outcome was'),
  }),
  z.object({
    action: z.literal('withdraw'),
    text: text(2000).min(1, 'Say why the referral is withdrawn'),
  }),
  z.object({ action: z.literal('note'), text: text(5000).min(1, 'Write the note') }),
]);
export type ReferralActionInput = z.infer<typeof referralActionSchema>;

const referralDetails = {
  clientId: z.uuid(),
  issues: z.array(issueCodeSchema).min(1, 'Choose at least one issue').max(30),
  needs: text(5000).min(1, 'Say what the client needs help with'),
  urgent: z.boolean(),
  /** Required when urgent (checked below): the receiver needs to know why it cannot wait. */
  urgentReason: optionalText(500).optional(),
  /** Sends the client on from an earlier referral of theirs that was declined. */
  redirectedFrom: z.uuid().nullable().optional(),
  /**
   * Why the referral goes to a service whose rules exclude this client (#4):
   * required for such a service, checked by the desk and the server.
   */
  ineligibleReason: optionalText(1000).optional(),
  consent: z.object({
    given: z.literal(true, 'The client’s consent is needed before a referral is sent'),
    givenBy: z.enum(['client', 'representative']),
    representativeName: optionalLine(200),
    method: z.enum(CONSENT_METHODS),
    shared: z.array(z.enum(SHAREABLE_FIELDS)).min(1),
  }),
};
const urgentExplained = (r: { urgent: boolean; urgentReason?: string | null | undefined }) =>
  !r.urgent || (r.urgentReason ?? '') !== '';
const URGENT_REASON_NEEDED = { message: 'Say why it is urgent', path: ['urgentReason'] };

export const sendReferralSchema = z
  .object({ ...referralDetails, serviceId: z.uuid() })
  .refine(urgentExplained, URGENT_REASON_NEEDED);
export type SendReferralInput = z.input<typeof sendReferralSchema>;

/** The same details, typed once, to several services: one referral each. */
export const MAX_SERVICES_AT_ONCE = 10;
export const sendReferralsSchema = z
  .object({
    ...referralDetails,
    serviceIds: z
      .array(z.uuid())
      .min(1, 'Choose a service')
      .max(MAX_SERVICES_AT_ONCE, `Choose at most ${String(MAX_SERVICES_AT_ONCE)} services`)
      .refine((ids) => new Set(ids).size === ids.length, 'Each service once'),
  })
  .refine(urgentExplained, URGENT_REASON_NEEDED);
export type SendReferralsInput = z.input<typeof sendReferralsSchema>;

/** A document for a referral (#3): its kind is read from its bytes, not taken from here. */
export const attachRequestSchema = z.object({
  referralId: z.uuid(),
  name: line(200).min(1, 'Choose a file'),
  contentBase64: z
    .string()
    .max(1_000_000)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file could not be read'),
  consent: z.object({
    given: z.literal(true, 'The client’s consent is needed before a document is shared'),
    method: z.enum(CONSENT_METHODS),
  }),
});
export type AttachRequest = z.input<typeof attachRequestSchema>;

/** The agency's designated email contact; empty: its leads (#3). */
export const setAgencyContactSchema = z.object({
  email: z.union([
    z.literal(''),
    z.email('Enter an email address like intake@example.org').max(320),
  ]),
});

/**
 * Declares a channel: its request schema, and (as a type only) its response.
 * Curried so the request type is inferred from the schema.
 */
// The response type is a phantom: it exists only for the type checker, so it
// appears once by design.
const channel =
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  <Res>() =>
    <Req extends z.ZodType>(request: Req) => ({
      request,
      response: undefined as unknown as Res,
    });

const byId = z.object({ id: z.uuid() });

export const contract = {
  'session.status': channel<SessionState>()(z.object({})),
  'session.signIn': channel<Result<SessionState, Reason>>()(
    z.object({
      serverUrl: line(500).min(1, 'Enter the network address'),
      email: z.email('Enter the email address you sign in with').max(320),
      password: secret(1000).min(1, 'Enter your password'),
      /** The six-digit code, for accounts with two-factor sign-in (#6). */
      code: z
        .string()
        .trim()
        .regex(/^\d{6}$/, 'Enter the six digits your authenticator app shows')
        .optional(),
      /** The user has chosen to use a network address without https that is not this computer. */
      allowInsecure: z.boolean().optional(),
    }),
  ),
  'session.unlock': channel<Result<SessionState, Reason>>()(
    z.object({
      passphrase: secret(1000).optional(),
      /** After a lock, where the key is in the keychain: the sign-in password (#5). */
      password: secret(1000).optional(),
    }),
  ),
  'session.signOut': channel<SessionState>()(z.object({})),
  // Accounts (#6): joining by invitation (no session needed), inviting staff, agreements.
  'account.acceptInvitation': channel<Result<null, Reason>>()(acceptInvitationRequestSchema),
  'account.changeOneTimePassword': channel<Result<null, Reason>>()(
    changeOneTimePasswordRequestSchema,
  ),
  'account.invite': channel<Result<InvitationMade, Reason>>()(inviteStaffRequestSchema),
  'account.agreements': channel<Result<AgreementsStatus, Reason>>()(z.object({})),
  'account.acceptAgreement': channel<Result<AgreementsStatus, Reason>>()(
    z.object({ kind: z.enum(['data-sharing', 'user']), version: line(50) }),
  ),
  'account.devices': channel<Result<Device[], Reason>>()(z.object({})),
  'account.signOutDevice': channel<Result<Device[], Reason>>()(z.object({ id: z.uuid() })),
  'account.twoFactorStart': channel<Result<TwoFactorStart, Reason>>()(z.object({})),
  'account.twoFactorConfirm': channel<Result<null, Reason>>()(twoFactorCodeRequestSchema),
  'account.twoFactorDisable': channel<Result<null, Reason>>()(twoFactorDisableRequestSchema),
  'account.users': channel<Result<Account[], Reason>>()(z.object({})),
  'account.setDisabled': channel<Result<Account[], Reason>>()(
    z.object({ id: z.uuid(), disabled: z.boolean() }),
  ),
  'account.resetPassword': channel<Result<InvitationMade, Reason>>()(z.object({ id: z.uuid() })),
  // The network's coordinator on the desk (#6): agencies and their leads, figures, audit, rules.
  'network.organisations': channel<Result<OrganisationSummary[], Reason>>()(z.object({})),
  'network.inviteLead': channel<Result<InvitationMade, Reason>>()(inviteLeadRequestSchema),
  'network.figures': channel<Result<Figures, Reason>>()(z.object({})),
  'network.audit': channel<Result<AuditEntryView[], Reason>>()(auditSearchSchema),
  'network.twoFactorRule': channel<Result<{ required: boolean }, Reason>>()(z.object({})),
  'network.setTwoFactorRule': channel<Result<{ required: boolean }, Reason>>()(
    z.object({ required: z.boolean() }),
  ),
  'sync.status': channel<SyncStatus>()(z.object({})),
  'sync.now': channel<SyncStatus>()(z.object({})),
  'clients.search': channel<Client[]>()(z.object({ text: line(200) })),
  'clients.get': channel<Result<Client, Reason>>()(byId),
  'clients.create': channel<Result<Client, Reason>>()(clientInputSchema),
  // Casework (#5): client details, cases and what is recorded on them, search.
  'clients.save': channel<Result<Client, Reason>>()(saveClientSchema),
  'clients.timeline': channel<TimelineEntry[]>()(byId),
  'casework.search': channel<SearchHit[]>()(caseworkSearchSchema),
  'cases.forClient': channel<Case[]>()(z.object({ clientId: z.uuid() })),
  'cases.get': channel<Result<CaseFile, Reason>>()(byId),
  'cases.open': channel<Result<Case, Reason>>()(caseInputSchema),
  'cases.update': channel<Result<Case, Reason>>()(caseUpdateSchema),
  'cases.addNote': channel<Result<CaseNote, Reason>>()(noteInputSchema),
  'cases.addTask': channel<Result<CaseTask, Reason>>()(taskInputSchema),
  'cases.setTaskDone': channel<Result<CaseTask, Reason>>()(
    z.object({ id: z.uuid(), done: z.boolean() }),
  ),
  'cases.addDocument': channel<Result<CaseDocument, Reason>>()(documentInputSchema),
  'cases.getDocument':
    channel<Result<{ document: CaseDocument; contentBase64: string }, Reason>>()(byId),
  'cases.addOutcome': channel<Result<CaseOutcome, Reason>>()(outcomeInputSchema),
  'tasks.reminders': channel<CaseTask[]>()(z.object({})),
  // The store's keys (#5): recovery key shown once, passphrase, rekey.
  'keys.recoveryKey': channel<{ recoveryKey: string | null }>()(z.object({})),
  'keys.confirmRecoverySaved': channel<Result<null, Reason>>()(z.object({ lastGroup: line(20) })),
  'keys.newRecoveryKey': channel<Result<null, Reason>>()(
    z.object({
      passphrase: secret(1000).nullable(),
      /** Where the keychain holds the key: the sign-in password, checked locally (#5). */
      password: secret(1000).optional(),
    }),
  ),
  'keys.changePassphrase': channel<Result<null, Reason>>()(
    z.object({ oldPassphrase: secret(1000), newPassphrase: secret(1000) }),
  ),
  'keys.rekey': channel<Result<null, Reason>>()(
    z.object({
      passphrase: secret(1000).nullable(),
      /** Where the keychain holds the key: the sign-in password, checked locally (#5). */
      password: secret(1000).optional(),
    }),
  ),
  // Locking (#5): the user is active (keys, pointer); the agency's idle minutes.
  'session.activity': channel<null>()(z.object({})),
  'security.settings': channel<SecuritySettings | null>()(z.object({})),
  'security.setAutoLock': channel<Result<null, Reason>>()(setDeskSettingsSchema),
  // The agency's retention rule, run by the desk after a notice period (#5).
  'retention.scheduled': channel<RetentionSchedule | null>()(z.object({})),
  'security.setRetention': channel<Result<null, Reason>>()(setRetentionSchema),
  // Data protection (#5): erasure on request, subject access export.
  'clients.erase': channel<
    Result<
      {
        erasedAt: string;
        cases: number;
        records: number;
        /** Referrals about the client not yet sent, cancelled with the erasure. */
        cancelledReferrals: number;
        /** Other messages not yet sent about them (notes), cancelled. */
        cancelledMessages: number;
        /** Referrals the network holds, which it is asked to erase them from. */
        networkReferrals: number;
      },
      Reason
    >
  >()(z.object({ id: z.uuid(), confirmName: line(200) })),
  // What an erasure would cancel among what has not been sent yet, to warn first.
  'clients.erasureImpact':
    channel<
      Result<{ unsentReferrals: number; unsentMessages: number; networkReferrals: number }, Reason>
    >()(byId),
  'clients.subjectAccess': channel<Result<{ fileName: string; text: string }, Reason>>()(byId),
  // Importing a client list from CSV (#5): preview with row-by-row problems; all or nothing.
  'clients.importPreview': channel<Result<ImportPreview, Reason>>()(importRequestSchema),
  'clients.import': channel<Result<{ imported: number }, Reason>>()(importRequestSchema),
  // Retention (#5): cases closed more than N years ago, listed first, then anonymised.
  'retention.preview': channel<{ caseId: string; reference: string; closedOn: string }[]>()(
    z.object({ years: z.int().min(1).max(100) }),
  ),
  'retention.apply': channel<
    Result<{ anonymisedCases: number; anonymisedClients: number }, Reason>
  >()(z.object({ years: z.int().min(1).max(100), caseIds: z.array(z.uuid()).max(5000) })),
  // Backups (#5): to a folder the adviser chooses, on demand and on a schedule.
  'backup.status': channel<BackupStatus>()(z.object({})),
  'backup.settings': channel<Result<BackupStatus, Reason>>()(
    z.object({
      folder: line(1000).min(1, 'Enter the folder to keep backups in'),
      everyHours: z
        .int()
        .min(0)
        .max(24 * 7),
      /** Backups to keep (#5); absent: as before. */
      keep: z
        .int('Enter a whole number')
        .min(1, 'Keep at least 1 backup')
        .max(100, 'Keep at most 100 backups')
        .optional(),
    }),
  ),
  'backup.now': channel<Result<BackupStatus, Reason>>()(z.object({})),
  // Choosing the backup folder (#5): the system's folder window where there is one
  // (Electron), else the app's own folder list (web mode).
  'folders.choose': channel<Result<{ folder: string | null }, Reason>>()(
    z.object({ start: folderPathSchema.nullable() }),
  ),
  /** null: start at the home folder. */
  'folders.list': channel<Result<FolderListing, Reason>>()(
    z.object({ path: folderPathSchema.nullable() }),
  ),
  'folders.create': channel<Result<FolderListing, Reason>>()(
    z.object({
      parent: folderPathSchema,
      name: line(100, 'Use at most 100 characters').min(1, 'Enter a name for the new folder'),
    }),
  ),
  'session.restoreBackup': channel<Result<SessionState, Reason>>()(
    z.object({
      backupFolder: line(1000).min(1, 'Enter the backup folder'),
      recoveryKey: line(100),
      newPassphrase: secret(1000).nullable(),
    }),
  ),
  'session.lock': channel<Result<SessionState, Reason>>()(z.object({})),
  'session.recover': channel<Result<SessionState, Reason>>()(
    z.object({
      recoveryKey: line(100),
      newPassphrase: secret(1000).nullable(),
    }),
  ),
  'directory.search': channel<Service[]>()(
    z.object({ text: line(200), issue: issueCodeSchema.nullable() }),
  ),
  'directory.find': channel<ServiceHit[]>()(directoryFindSchema),
  'directory.get': channel<Result<ServiceView, Reason>>()(byId),
  'directory.setReceiving': channel<Result<ServiceView, Reason>>()(
    z.object({ serviceId: z.uuid(), receiving: receivingChangeSchema, capacity: capacitySchema }),
  ),
  // Keeping the directory true (#4): edit, confirm a review, add a service; records due for review.
  'directory.update': channel<Result<ServiceChangeOutcome, Reason>>()(
    z.object({ serviceId: z.uuid(), edit: serviceEditSchema }),
  ),
  'directory.confirmReview': channel<Result<ServiceChangeOutcome, Reason>>()(
    z.object({ serviceId: z.uuid() }),
  ),
  'directory.create': channel<Result<ServiceChangeOutcome, Reason>>()(
    z.object({ organisationId: z.uuid().nullable(), edit: serviceEditSchema }),
  ),
  'directory.reviews': channel<{ service: Service; due: boolean }[]>()(z.object({})),
  'organisation.get': channel<Result<OrganisationView, Reason>>()(byId),
  // Bulletins (#4): the network's news, unread markers per user; the directory's settings.
  'bulletins.list': channel<{
    bulletins: (Bulletin & { unread: boolean })[];
    canPost: boolean;
    /** The server could not be asked: the news last fetched. */
    offline: boolean;
  }>()(z.object({})),
  'bulletins.markRead': channel<Result<null, Reason>>()(z.object({})),
  'bulletins.post': channel<Result<Bulletin, Reason>>()(bulletinInputSchema),
  'directory.settings': channel<Result<DirectorySettings, Reason>>()(z.object({})),
  'directory.setSettings': channel<Result<DirectorySettings, Reason>>()(directorySettingsSchema),
  // The network's issue categories (#4): the standard list and the coordinator's additions.
  'directory.issueCategories': channel<IssueCategory[]>()(z.object({})),
  'network.addIssueCategory': channel<Result<IssueCategory[], Reason>>()(
    z.object({ label: line(100).min(1, 'Name the category') }),
  ),
  // Agencies asking to join the network (#4): the coordinator approves or declines.
  'network.joinRequests': channel<Result<JoinRequest[], Reason>>()(z.object({})),
  'network.decideJoin': channel<Result<{ approved: JoinApproved | null }, Reason>>()(
    z.intersection(z.object({ id: z.uuid() }), joinDecisionSchema),
  ),
  'organisation.update': channel<Result<OrganisationView, Reason>>()(
    z.object({ id: z.uuid(), edit: organisationEditSchema }),
  ),
  // Gaps in provision and signposting (#4): recorded here, counted by the network.
  'provision.recordGap': channel<Result<DeskGap, Reason>>()(recordGapSchema),
  'provision.gaps': channel<DeskGap[]>()(z.object({})),
  'provision.recordSignpost': channel<Result<DeskSignpost, Reason>>()(recordSignpostSchema),
  'provision.signposts': channel<DeskSignpost[]>()(z.object({ clientId: z.uuid().nullable() })),
  'provision.networkGaps': channel<Result<Gap[], Reason>>()(z.object({})),
  'referrals.list': channel<DeskReferral[]>()(
    z.object({ direction: z.enum(['outgoing', 'incoming']) }),
  ),
  'referrals.get': channel<Result<DeskReferral, Reason>>()(byId),
  'referrals.send': channel<Result<{ referralId: string }, Reason>>()(sendReferralSchema),
  'referrals.sendMany': channel<Result<{ referralIds: string[] }, Reason>>()(sendReferralsSchema),
  'referrals.updates': channel<ReferralUpdate[]>()(z.object({})),
  'referrals.markSeen': channel<Result<null, Reason>>()(z.object({})),
  'referrals.overdue': channel<Result<OverdueResponse, Reason>>()(z.object({})),
  'referrals.act': channel<Result<DeskReferral, Reason>>()(
    z.object({ id: z.uuid(), input: referralActionSchema }),
  ),
  // The receiving agency's inbox (#3): who handles a referral; accepting starts the client's case.
  'referrals.claim': channel<Result<DeskReferral, Reason>>()(byId),
  'referrals.assign': channel<Result<DeskReferral, Reason>>()(
    z.object({ id: z.uuid(), userId: z.uuid() }),
  ),
  'referrals.colleagues': channel<Result<Colleague[], Reason>>()(z.object({})),
  'referrals.clientMatches': channel<Result<Client[], Reason>>()(byId),
  'referrals.accept': channel<Result<DeskReferral, Reason>>()(
    z.object({ id: z.uuid(), linkClientId: z.uuid().nullable() }),
  ),
  'referrals.startCase': channel<Result<DeskReferral, Reason>>()(
    z.object({ id: z.uuid(), linkClientId: z.uuid().nullable() }),
  ),
  // Documents on a referral (#3): attached by the referrer with consent, opened by either side.
  'referrals.attach': channel<Result<{ documentId: string }, Reason>>()(attachRequestSchema),
  'referrals.openDocument': channel<Result<AttachmentDownload, Reason>>()(
    z.object({ referralId: z.uuid(), documentId: z.uuid() }),
  ),
  // Where the agency's new-referral emails go (#3), set by its lead.
  'agency.contact': channel<Result<AgencyContact, Reason>>()(z.object({})),
  'agency.setContact': channel<Result<AgencyContact, Reason>>()(setAgencyContactSchema),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];
export type Request<K extends Channel> = z.input<Contract[K]['request']>;
export type ParsedRequest<K extends Channel> = z.output<Contract[K]['request']>;
export type Response<K extends Channel> = Contract[K]['response'];

/** What main/ implements: one handler per channel, given the parsed request. */
export type Handlers = { [K in Channel]: (request: ParsedRequest<K>) => Promise<Response<K>> };

/** Events main/ pushes to the renderer: which parts of the screen to refresh. */
export const EVENT_TOPICS = ['session', 'sync', 'referrals', 'directory', 'clients'] as const;
export type EventTopic = (typeof EVENT_TOPICS)[number];
export type DeskEvent = {
  topics: EventTopic[];
  /** A new incoming referral, for a notification. */ arrived?: number;
};

export const isChannel = (name: string): name is Channel => Object.hasOwn(contract, name);

/** Parse a request from `unknown`: the only way a request reaches a handler. */
export const parseRequest = <K extends Channel>(
  name: K,
  body: unknown,
):
  | { ok: true; value: ParsedRequest<K> }
  | { ok: false; reason: 'invalid' | 'invalid-text'; detail: string } => {
  const parsed = contract[name].request.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data as ParsedRequest<K> };
  return {
    ok: false,
    reason: hasInvalidText(parsed.error) ? 'invalid-text' : 'invalid',
    detail: parsed.error.issues.map((i) => i.message).join('; '),
  };
};
