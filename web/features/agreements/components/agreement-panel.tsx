import { EmptyState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';

export function AgreementPanel({ workspace }: { workspace: WorkspaceContext }) {
  void workspace;
  return <EmptyState title="Agreement" description="Coming soon." />;
}
