import { parse } from 'csv-parse/sync';
import { guessMapping, rowToDetails } from '#src/casework/import.ts';
import type { ImportMapping, ImportPreview } from '#src/casework/import.ts';
import type { ClientDetails } from '#src/casework/schemas.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import { insertClient } from '#main/store/clients.ts';
import type { Database } from '#main/store/open.ts';

/** The file's rows (after the header row); `import-unreadable` when it is not CSV. */
const readCsv = (csv: string): Result<string[][], 'import-unreadable'> => {
  try {
    const rows = parse(csv, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
    return rows.length === 0 ? err('import-unreadable') : ok(rows);
  } catch {
    return err('import-unreadable');
  }
};

type Checked = { preview: ImportPreview; good: ClientDetails[] };

const check = (
  csv: string,
  mapping: ImportMapping | null,
): Result<Checked, 'import-unreadable'> => {
  const rows = readCsv(csv);
  if (!rows.ok) return rows;
  const [headers = [], ...body] = rows.value;
  const used = mapping ?? guessMapping(headers);
  const good: ClientDetails[] = [];
  const preview: ImportPreview = { headers, mapping: used, rows: [], problemRows: 0 };
  body.forEach((row, i) => {
    const result = rowToDetails(row, used);
    // Line numbers as a spreadsheet shows them: the header is line 1.
    const line = i + 2;
    if (result.ok) {
      good.push(result.details);
      preview.rows.push({ line, name: result.details.name, problems: [] });
    } else {
      preview.problemRows += 1;
      preview.rows.push({ line, name: row[used.name ?? -1] ?? '', problems: result.problems });
    }
  });
  return ok({ preview, good });
};

export const previewImport = (
  csv: string,
  mapping: ImportMapping | null,
): Result<ImportPreview, 'import-unreadable'> => {
  const checked = check(csv, mapping);
  return checked.ok ? ok(checked.value.preview) : checked;
};

/** Imports every row in one transaction, or none: refused while any row has a problem. */
export const importClients = (
  db: Database,
  csv: string,
  mapping: ImportMapping,
  now: Date,
): Result<{ imported: number }, 'import-unreadable' | 'import-has-problems'> => {
  const checked = check(csv, mapping);
  if (!checked.ok) return checked;
  if (checked.value.preview.problemRows > 0 || checked.value.good.length === 0) {
    return err('import-has-problems');
  }
  db.transaction(() => {
    for (const details of checked.value.good) insertClient(db, details, now);
  })();
  return ok({ imported: checked.value.good.length });
};
