import { useEffect, useState } from 'react';
import type { SubmitEvent } from 'react';
import { attachRequestSchema } from '#src/contract.ts';
import type { DeskReferral } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import {
  ATTACHMENT_LABEL,
  ATTACHMENT_LIMIT_HINT,
  checkAttachment,
} from '#src/referral/attachments.ts';
import { isFinal } from '#src/referral/lifecycle.ts';
import { attachedDocumentSchema, type AttachedDocument } from '#src/wire/attachments.ts';
import { CONSENT_METHODS } from '#src/wire/referral.ts';
import { DOCUMENT_TYPES, type DocumentMediaType } from '#src/casework/schemas.ts';
import { maxLengths } from '#src/field-words.ts';
import { call } from '#renderer/bridge.ts';
import { ErrorSummary, Field, Problem, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { uploadDocument } from '#renderer/features/casework/upload.ts';

/**
 * Documents on a referral (#3): the referrer attaches one with the client's
 * consent; both agencies open it. The file's kind is read from its bytes here
 * and again at the server.
 */

const METHOD_LABEL: Record<(typeof CONSENT_METHODS)[number], string> = {
  'in-person': 'In person',
  phone: 'By phone',
  written: 'In writing',
  online: 'Online',
};

const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
};

const fromBase64 = (base64: string): Uint8Array<ArrayBuffer> => {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

const sizeText = (bytes: number): string =>
  bytes < 1024 ? `${String(bytes)} bytes` : `${String(Math.round(bytes / 1024))} KB`;

type Listed = AttachedDocument & { at: string; by: string };

/** The referral's documents, from its events (the bytes stay on the server). */
const documentsOf = (desk: DeskReferral): Listed[] =>
  desk.referral.events.flatMap((e) => {
    if (e.type !== 'document-attached') return [];
    const parsed = attachedDocumentSchema.safeParse(e.data);
    return parsed.success
      ? [{ ...parsed.data, at: e.at, by: `${e.actor.name} (${e.actor.organisationName})` }]
      : [];
  });

type Opened = { documentId: string; url: string; contentBase64: string };

/** The kinds the casework store keeps (#5): every kind a referral can carry, Word and ODT included. */
const CASE_TYPES: ReadonlySet<string> = new Set(DOCUMENT_TYPES.map((t) => t.mediaType));
const isCaseType = (t: string): t is DocumentMediaType => CASE_TYPES.has(t);

const AttachForm = ({ desk }: { desk: DeskReferral }) => {
  const [file, setFile] = useState<File | null>(null);
  const [given, setGiven] = useState(false);
  const [method, setMethod] = useState<(typeof CONSENT_METHODS)[number]>('in-person');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const org = desk.referral.to.organisationName;

  const submit = async (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setProblem(null);
    const bytes = file === null ? new Uint8Array() : new Uint8Array(await file.arrayBuffer());
    const request = {
      referralId: desk.referral.id,
      name: file?.name ?? '',
      contentBase64: toBase64(bytes),
      // The schema requires `true`; an unticked box is reported as a field error.
      consent: { given: given as true, method },
    };
    const parsed = attachRequestSchema.safeParse(request);
    const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
    if (file === null) fields.name = 'Choose a file';
    else {
      const checked = checkAttachment(file.name, bytes);
      if (!checked.ok) fields.name = reasonText(checked.reason);
    }
    setErrors(fields);
    if (Object.keys(fields).length > 0) return;
    setBusy(true);
    try {
      const result = await call('referrals.attach', request);
      if (!result.ok) setProblem(reasonText(result.reason));
      else {
        setFile(null);
        setGiven(false);
        setInputKey((k) => k + 1);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="step-form" noValidate onSubmit={(e) => void submit(e)}>
      <h3>Attach a document</h3>
      <ErrorSummary
        errors={errors}
        labels={{ name: 'Document to attach', 'consent.given': 'Consent' }}
      />
      <Problem message={problem} />
      <Field
        label="Document to attach"
        hint={ATTACHMENT_LIMIT_HINT}
        error={errors.name}
        limit={LIMITS.name}
      >
        {(p) => (
          <input
            {...p}
            key={inputKey}
            type="file"
            accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.odt,.txt"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
            }}
          />
        )}
      </Field>
      <fieldset className={errors['consent.given'] ? 'field field-error' : 'field'}>
        <legend>The client’s consent</legend>
        {errors['consent.given'] && (
          <p className="error-message">
            <span className="visually-hidden">Error: </span>
            {errors['consent.given']}
          </p>
        )}
        <div className="checkboxes">
          <label>
            <input
              type="checkbox"
              checked={given}
              onChange={(e) => {
                setGiven(e.target.checked);
              }}
            />
            The client agrees to sharing this document with {org}
          </label>
        </div>
        <Field label="How they agreed">
          {(p) => (
            <select
              {...p}
              value={method}
              onChange={(e) => {
                setMethod(e.target.value as (typeof CONSENT_METHODS)[number]);
              }}
            >
              {CONSENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {METHOD_LABEL[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Attaching…' : 'Attach document'}
        </button>
      </div>
    </form>
  );
};

const LIMITS = maxLengths<string>(attachRequestSchema);

export const ReferralDocuments = ({ desk }: { desk: DeskReferral }) => {
  const [opened, setOpened] = useState<Opened | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [kept, setKept] = useState<string | null>(null);
  useEffect(
    () => () => {
      if (opened !== null) URL.revokeObjectURL(opened.url);
    },
    [opened],
  );
  const documents = documentsOf(desk);
  const mayAttach =
    desk.direction === 'outgoing' && !desk.waitingToSend && !isFinal(desk.referral.status);
  if (documents.length === 0 && !mayAttach) return null;

  const open = async (doc: Listed) => {
    setProblem(null);
    const result = await call('referrals.openDocument', {
      referralId: desk.referral.id,
      documentId: doc.documentId,
    });
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    const bytes = fromBase64(result.value.contentBase64);
    const url = URL.createObjectURL(new Blob([bytes], { type: result.value.mediaType }));
    setOpened({ documentId: doc.documentId, url, contentBase64: result.value.contentBase64 });
    setKept(null);
  };

  // The receiver keeps a copy with the case accepting the referral started.
  const caseId = desk.direction === 'incoming' ? (desk.caseId ?? null) : null;
  const keep = async (doc: Listed, contentBase64: string) => {
    if (caseId === null || !isCaseType(doc.mediaType)) return;
    const result = await uploadDocument({
      caseId,
      name: doc.name,
      mediaType: doc.mediaType,
      file: new Blob([fromBase64(contentBase64)]),
    });
    if (result.ok) setKept(doc.documentId);
    else if (result.reason !== 'stopped') setProblem(reasonText(result.reason));
  };

  return (
    <section aria-labelledby="referral-documents-heading">
      <h2 id="referral-documents-heading">Documents</h2>
      <Problem message={problem} />
      {documents.length === 0 ? (
        <p>No documents yet.</p>
      ) : (
        <ul className="documents">
          {documents.map((d) => (
            <li key={d.documentId}>
              <strong>{d.name}</strong> ({ATTACHMENT_LABEL[d.mediaType]}, {sizeText(d.size)}),
              attached by {d.by}, {formatTime(d.at)}.{' '}
              {opened?.documentId === d.documentId ? (
                <>
                  <a href={opened.url} download={d.name}>
                    Save or open {d.name}
                  </a>
                  {caseId !== null && isCaseType(d.mediaType) && (
                    <>
                      {' '}
                      {kept === d.documentId ? (
                        <span role="status">A copy is kept with the case.</span>
                      ) : (
                        <button type="button" onClick={() => void keep(d, opened.contentBase64)}>
                          Keep a copy with the case
                        </button>
                      )}
                    </>
                  )}
                </>
              ) : (
                <button type="button" onClick={() => void open(d)}>
                  Open {d.name}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayAttach && <AttachForm desk={desk} />}
    </section>
  );
};
