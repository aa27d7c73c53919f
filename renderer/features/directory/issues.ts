import { ISSUE_CATEGORIES, issueLabelIn, type IssueCategory } from '#src/taxonomy.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';

const loadCategories = () => call('directory.issueCategories', {});

/** The network's issue categories (#4): the standard list until the desk has asked the server. */
export const useIssueCategories = (): readonly IssueCategory[] => {
  const [categories] = useDeskQuery(loadCategories, ['session', 'directory']);
  return categories ?? ISSUE_CATEGORIES;
};

/** Words for issue codes, the network's own categories included. */
export const useIssueLabel = (): ((code: string) => string) => issueLabelIn(useIssueCategories());
