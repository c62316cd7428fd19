import { EmptyState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';

export function ResourcesPanel({ workspace }: { workspace: WorkspaceContext }) {
  void workspace;
  return <EmptyState title="Resources" description="Coming soon." />;
}
