import { PageHeader } from '../../shell/components/page-header.tsx';

export function MailboxPage() {
  return <PageHeader title="Mailbox" />;
}
