import { AppError, type FieldIssue } from '../../core/errors.ts';
import { type EmailList, readEmailList } from '../../core/people/email-list.ts';

/** The most addresses one list of emails may hold. */
const maxListedEmails = 20_000;

/**
 * Read the list of emails of an audience (`body.audience.csv`, the `emailListCsv` contract) of a bulk action. A list
 * with bad lines is refused whole, each line named ("line 3: …").
 */
export function readAudienceEmailList(csv: string): EmailList {
  const list = readEmailList(csv, maxListedEmails);
  if (list.issues.length === 0) return list;
  const listed: FieldIssue[] = list.issues
    .slice(0, 200)
    .map((issue) => ({ path: 'body.audience.csv', message: `line ${issue.line}: ${issue.message}` }));
  const more = list.issues.length > 1 ? ` (and ${list.issues.length - 1} more)` : '';
  throw new AppError('validation_failed', `The list of emails: ${listed[0]!.message}${more}`, {
    issues: listed,
    errorCount: list.issues.length,
  });
}
