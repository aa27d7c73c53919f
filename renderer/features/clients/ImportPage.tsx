import { useState } from 'react';
import { IMPORT_FIELDS } from '#src/casework/import.ts';
import type { ImportField, ImportMapping, ImportPreview } from '#src/casework/import.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { Field, PageHeading, Problem } from '#renderer/components/forms.tsx';

/**
 * Importing an existing client list: choose a CSV file, check which column
 * holds what, see every row's problems, and import only when there are none.
 */
export const ImportPage = () => {
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const check = async (text: string, mapping: ImportMapping | null) => {
    const result = await call('clients.importPreview', { csv: text, mapping });
    if (result.ok) {
      setPreview(result.value);
      setProblem(null);
    } else {
      setPreview(null);
      setProblem(reasonText(result.reason));
    }
  };
  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (file === undefined) return;
    setDone(null);
    const text = await file.text();
    setCsv(text);
    await check(text, null);
    input.value = '';
  };
  const remap = async (field: ImportField, value: string) => {
    if (csv === null || preview === null) return;
    await check(csv, { ...preview.mapping, [field]: value === '' ? null : Number(value) });
  };
  const importAll = async () => {
    if (csv === null || preview === null) return;
    const result = await call('clients.import', { csv, mapping: preview.mapping });
    if (result.ok) {
      setDone(`${String(result.value.imported)} clients imported.`);
      setPreview(null);
      setCsv(null);
    } else setProblem(reasonText(result.reason));
  };

  return (
    <>
      <PageHeading>Import a client list</PageHeading>
      <p>
        Choose a CSV file saved from your spreadsheet, with a first row of column names. You will
        see every row and its problems first. Nothing is imported until every row is right.
      </p>
      {done !== null && <p role="status">{done}</p>}
      <Problem message={problem} />
      <Field label="CSV file">
        {(p) => (
          <input
            {...p}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void choose(e.target)}
          />
        )}
      </Field>
      {preview !== null && (
        <>
          <h2>Which column holds what</h2>
          <div className="form">
            {IMPORT_FIELDS.map((f) => (
              <Field key={f.field} label={f.label}>
                {(p) => (
                  <select
                    {...p}
                    value={preview.mapping[f.field] ?? ''}
                    onChange={(e) => void remap(f.field, e.target.value)}
                  >
                    <option value="">Not in this file</option>
                    {preview.headers.map((h, i) => (
                      <option key={`${h}-${String(i)}`} value={i}>
                        {h}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          </div>
          <h2>
            {preview.rows.length} rows,{' '}
            {preview.problemRows === 0
              ? 'no problems'
              : `${String(preview.problemRows)} with problems`}
          </h2>
          <table>
            <caption className="visually-hidden">Rows in the file</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Name</th>
                <th scope="col">Problems</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <td>{r.name}</td>
                  <td>{r.problems.length === 0 ? 'Ready' : r.problems.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.problemRows > 0 ? (
            <p className="notice">
              Nothing will be imported until these problems are fixed. Correct the file and choose
              it again.
            </p>
          ) : (
            <button type="button" className="primary" onClick={() => void importAll()}>
              Import {preview.rows.length} clients
            </button>
          )}
        </>
      )}
    </>
  );
};
