import { EmptyState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';

export function SurveyPrompts({ workspace }: { workspace: WorkspaceContext }) {
  void workspace;
  return <EmptyState title="Surveys" description="Coming soon." />;
}
