import { EmptyState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';

export function NotesPanel({ workspace }: { workspace: WorkspaceContext }) {
  void workspace;
  return <EmptyState title="Notes" description="Coming soon." />;
}
