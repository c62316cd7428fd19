import type { Program } from '../../programs/api/programs.types.ts';
import { EmptyState } from '../../shell/components/states.tsx';

export function ProgramFeedbackTab({ program }: { program: Program }) {
  void program;
  return <EmptyState title="Feedback" description="Coming soon." />;
}
