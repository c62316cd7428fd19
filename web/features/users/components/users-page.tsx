import { PageHeader } from '../../shell/components/page-header.tsx';

export function UsersPage() {
  return <PageHeader title="Team & invitations" />;
}
