import type { DeskEvent, Handlers } from '#src/contract.ts';
import { err, ok } from '#src/result.ts';
import type { Me } from '#src/wire/api.ts';
import { checkDocument } from '#main/casework/documents.ts';
import { documentUploads } from '#main/casework/uploads.ts';
import type { UploadOptions } from '#main/casework/uploads.ts';
import {
  addDocument,
  addNote,
  addOutcome,
  addTask,
  caseRecords,
  getDocument,
  remindersDue,
  setTaskDone,
} from '#main/store/case-records.ts';
import { getCase, listCases, openCase, updateCase } from '#main/store/cases.ts';
import { getClient, insertClient, updateClient } from '#main/store/clients.ts';
import { searchCasework } from '#main/store/casework-search.ts';
import type { Database } from '#main/store/open.ts';
import { clientTimeline } from '#main/store/timeline.ts';
import { eraseClient, subjectAccessExport, unsentCounts } from '#main/store/data-protection.ts';
import { cachedIssueCategories } from '#main/directory/taxonomy-handlers.ts';
import { issueLabelIn } from '#src/taxonomy.ts';
import { applyRetention, retentionPreview } from '#main/store/retention.ts';
import { importClients, previewImport } from '#main/casework/import.ts';

export type CaseworkChannel =
  | 'clients.save'
  | 'clients.timeline'
  | 'casework.search'
  | 'cases.forClient'
  | 'cases.get'
  | 'cases.open'
  | 'cases.update'
  | 'cases.addNote'
  | 'cases.addTask'
  | 'cases.setTaskDone'
  | 'cases.beginDocument'
  | 'cases.documentChunk'
  | 'cases.commitDocument'
  | 'cases.abandonDocument'
  | 'cases.getDocument'
  | 'cases.addOutcome'
  | 'tasks.reminders'
  | 'clients.erase'
  | 'clients.erasureImpact'
  | 'clients.subjectAccess'
  | 'retention.preview'
  | 'retention.apply'
  | 'clients.importPreview'
  | 'clients.import';

export type CaseworkContext = {
  /** The open store and who is signed in; null while signed out or locked. */
  session: () => { db: Database; me: Me } | null;
  emit: (event: DeskEvent) => void;
  now?: () => Date;
  /** Gets the store's case reference letters first, where the network allows (#5). */
  beforeOpeningCase?: () => Promise<void>;
  /** Something was put in the outbox: send it now rather than at the next sync. */
  outboxChanged?: () => void;
  /** How long a document's upload may sit idle, and how many may be open (uploads.ts). */
  uploads?: UploadOptions;
};

/** The casework channels of the contract, over the signed-in user's store. */
export const caseworkHandlers = (ctx: CaseworkContext): Pick<Handlers, CaseworkChannel> => {
  const now = ctx.now ?? (() => new Date());
  const changed = (): void => {
    ctx.emit({ topics: ['clients'] });
  };
  /** Runs `work` on the open store, or answers not-signed-in. */
  const withStore =
    <Req, Res>(
      // Res comes from the channel's response type (the context), not from
      // `work`, so each handler is checked against the contract.
      work: (db: Database, me: Me, request: Req) => NoInfer<Res>,
      signedOut: NoInfer<Res>,
    ): ((request: Req) => Promise<Res>) =>
    (request) => {
      const session = ctx.session();
      return Promise.resolve(session === null ? signedOut : work(session.db, session.me, request));
    };
  const notSignedIn = err('not-signed-in');
  // Documents arriving in pieces, each tied to the store that began it.
  const uploads = documentUploads(ctx.uploads);

  return {
    'clients.save': withStore((db, _me, { id, details }) => {
      const client =
        id === null ? insertClient(db, details, now()) : updateClient(db, id, details, now());
      if (client === null) return err('client-not-found');
      changed();
      return ok(client);
    }, notSignedIn),
    'clients.timeline': withStore((db, _me, { id }) => clientTimeline(db, id), []),
    'casework.search': withStore((db, _me, { text }) => searchCasework(db, text), []),
    'cases.forClient': withStore((db, _me, { clientId }) => listCases(db, clientId), []),
    'cases.get': withStore((db, _me, { id }) => {
      const found = getCase(db, id);
      return found === null
        ? err('case-not-found')
        : ok({ case: found, ...caseRecords(db, 'case', id) });
    }, notSignedIn),
    'cases.open': async (request) => {
      await ctx.beforeOpeningCase?.();
      const session = ctx.session();
      if (session === null) return notSignedIn;
      const opened = openCase(session.db, request, session.me.user.name, now());
      if (opened === null) return err('client-not-found');
      changed();
      return ok(opened);
    },
    'cases.update': withStore((db, _me, request) => {
      const updated = updateCase(db, request, now());
      if (updated === null) return err('case-not-found');
      changed();
      return ok(updated);
    }, notSignedIn),
    'cases.addNote': withStore((db, me, request) => {
      const note = addNote(db, request, me.user.name, now());
      if (note === null) return err('case-not-found');
      changed();
      return ok(note);
    }, notSignedIn),
    'cases.addTask': withStore((db, me, request) => {
      const task = addTask(db, request, me.user.name, now());
      if (task === null) return err('case-not-found');
      changed();
      return ok(task);
    }, notSignedIn),
    'cases.setTaskDone': withStore((db, _me, { id, done }) => {
      const task = setTaskDone(db, id, done, now());
      if (task === null) return err('task-not-found');
      changed();
      return ok(task);
    }, notSignedIn),
    'cases.beginDocument': withStore((db, _me, request) => {
      if (getCase(db, request.caseId) === null) return err('case-not-found');
      return uploads.begin(db, request);
    }, notSignedIn),
    'cases.documentChunk': withStore(
      (db, _me, { uploadId, offset, contentBase64 }) =>
        uploads.chunk(db, uploadId, offset, Buffer.from(contentBase64, 'base64')),
      notSignedIn,
    ),
    'cases.commitDocument': withStore((db, me, { uploadId }) => {
      const upload = uploads.finish(db, uploadId);
      if (!upload.ok) return upload;
      const { caseId, name, mediaType, bytes } = upload.value;
      try {
        const checked = checkDocument(mediaType, bytes);
        if (!checked.ok) return checked;
        const document = addDocument(
          db,
          { caseId, name, mediaType, content: checked.value },
          me.user.name,
          now(),
        );
        if (document === null) return err('case-not-found');
        changed();
        return ok(document);
      } finally {
        bytes.fill(0);
      }
    }, notSignedIn),
    'cases.abandonDocument': withStore((db, _me, { uploadId }) => {
      uploads.abandon(db, uploadId);
      return ok(null);
    }, notSignedIn),
    'cases.getDocument': withStore((db, _me, { id }) => {
      const found = getDocument(db, id);
      if (found === null) return err('document-not-found');
      return ok({ document: found.document, contentBase64: found.content.toString('base64') });
    }, notSignedIn),
    'cases.addOutcome': withStore((db, me, request) => {
      const outcome = addOutcome(db, request, me.user.name, now());
      if (outcome === null) return err('case-not-found');
      changed();
      return ok(outcome);
    }, notSignedIn),
    'clients.erase': withStore((db, me, { id, confirmName }) => {
      const client = getClient(db, id);
      if (client === null) return err('client-not-found');
      // The adviser types the name: erasure cannot be undone.
      if (confirmName.trim().toLowerCase() !== client.name.toLowerCase()) {
        return err('erase-name-mismatch');
      }
      const erased = eraseClient(db, id, me.user.name, now());
      if (erased === null) return err('client-not-found');
      changed();
      // Cancelled referrals leave the referral lists and the outbox count too.
      // So do the network's copies, now scrubbed and waiting to be erased there.
      if (erased.cancelledReferrals + erased.cancelledMessages + erased.networkReferrals > 0)
        ctx.emit({ topics: ['referrals', 'sync'] });
      if (erased.networkReferrals > 0) ctx.outboxChanged?.();
      return ok({
        erasedAt: erased.erasedAt,
        cases: erased.cases,
        records: erased.records,
        cancelledReferrals: erased.cancelledReferrals,
        cancelledMessages: erased.cancelledMessages,
        networkReferrals: erased.networkReferrals,
      });
    }, notSignedIn),
    'clients.erasureImpact': withStore(
      (db, _me, { id }) =>
        getClient(db, id) === null ? err('client-not-found') : ok(unsentCounts(db, id)),
      notSignedIn,
    ),
    'clients.subjectAccess': withStore((db, me, { id }) => {
      const file = subjectAccessExport(
        db,
        id,
        me.organisation?.name ?? 'your agency',
        now(),
        issueLabelIn(cachedIssueCategories(db) ?? []),
      );
      return file === null ? err('client-not-found') : ok(file);
    }, notSignedIn),
    'retention.preview': withStore(
      (db, _me, { years }) => retentionPreview(db, years, now().toISOString().slice(0, 10)),
      [],
    ),
    'retention.apply': withStore((db, _me, { years, caseIds }) => {
      const applied = applyRetention(db, years, caseIds, now());
      changed();
      return ok(applied);
    }, notSignedIn),
    'clients.importPreview': ({ csv, mapping }) => Promise.resolve(previewImport(csv, mapping)),
    'clients.import': withStore((db, _me, { csv, mapping }) => {
      if (mapping === null) return err('import-has-problems');
      const imported = importClients(db, csv, mapping, now());
      if (imported.ok) changed();
      return imported;
    }, notSignedIn),
    'tasks.reminders': withStore((db) => remindersDue(db, now().toISOString().slice(0, 10)), []),
  };
};
