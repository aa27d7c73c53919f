import type { Queryable } from '#server/db/db.ts';
import { isoOf } from '#server/db/values.ts';
import { gapSchema, type Gap, type ProvisionFigures } from '#src/wire/provision.ts';

/**
 * Gaps in provision and signposting, read back for coordinators and leads
 * (#4): the network's whole record, or one agency's (`organisationId`).
 */
export const loadGaps = async (q: Queryable, organisationId: string | null): Promise<Gap[]> => {
  const rows = await q.query<{
    id: string;
    issue: string;
    area: string;
    why: string;
    organisation_name: string;
    recorded_by_name: string;
    recorded_at: Date | string;
  }>(
    `select g.id, g.issue, g.area, g.why, o.name as organisation_name, g.recorded_by_name,
        g.recorded_at
       from provision_gaps g join organisations o on o.id = g.organisation_id
      where $1::uuid is null or g.organisation_id = $1::uuid
      order by g.recorded_at desc, g.id desc
      limit 1000`,
    [organisationId],
  );
  return rows.map((r) =>
    gapSchema.parse({
      id: r.id,
      issue: r.issue,
      area: r.area,
      why: r.why,
      organisationName: r.organisation_name,
      recordedBy: r.recorded_by_name,
      recordedAt: isoOf(r.recorded_at),
    }),
  );
};

type Count = { key: string; n: number | string };
const tally = (rows: Count[]): Record<string, number> =>
  Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));

/** Signposts beside referrals sent, gaps by issue and by area (upper-cased, as typed). */
export const provisionFigures = async (
  q: Queryable,
  organisationId: string | null,
): Promise<ProvisionFigures> => {
  const scope = 'where $1::uuid is null or organisation_id = $1::uuid';
  const one = async (sql: string): Promise<number> =>
    Number((await q.query<{ n: number | string }>(sql, [organisationId]))[0]?.n ?? 0);
  return {
    referralsSent: await one(
      `select count(*) as n from referrals
        where source = 'organisation' and ($1::uuid is null or from_org = $1::uuid)`,
    ),
    signposts: await one(`select count(*) as n from signposts ${scope}`),
    gapsByIssue: tally(
      await q.query<Count>(
        `select issue as key, count(*) as n from provision_gaps ${scope} group by issue`,
        [organisationId],
      ),
    ),
    gapsByArea: tally(
      await q.query<Count>(
        `select upper(area) as key, count(*) as n from provision_gaps ${scope} group by upper(area)`,
        [organisationId],
      ),
    ),
  };
};
