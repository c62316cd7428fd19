import { EmptyState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';

export function GoalsPanel({ workspace }: { workspace: WorkspaceContext }) {
  void workspace;
  return <EmptyState title="Goals" description="Coming soon." />;
}
