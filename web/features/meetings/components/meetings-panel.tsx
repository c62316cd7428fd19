import { EmptyState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';

export function MeetingsPanel({ workspace }: { workspace: WorkspaceContext }) {
  void workspace;
  return <EmptyState title="Meetings" description="Coming soon." />;
}
