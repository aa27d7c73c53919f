import type { Figures } from '#src/wire/accounts.ts';

/** Signposting beside referrals (#4): how often clients were handed over, and how often only told. */
export const ProvisionFigures = ({ figures }: { figures: Figures }) => {
  const p = figures.provision;
  if (p === undefined) return null;
  const gaps = Object.values(p.gapsByIssue).reduce((a, b) => a + b, 0);
  return (
    <table>
      <caption>Referrals, signposting and gaps</caption>
      <thead>
        <tr>
          <th scope="col">What advisers recorded</th>
          <th scope="col">Number</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Referrals sent</th>
          <td>{p.referralsSent}</td>
        </tr>
        <tr>
          <th scope="row">Signposting (told about a service, nothing sent)</th>
          <td>{p.signposts}</td>
        </tr>
        <tr>
          <th scope="row">Gaps in provision (no service could help)</th>
          <td>{gaps}</td>
        </tr>
      </tbody>
    </table>
  );
};
