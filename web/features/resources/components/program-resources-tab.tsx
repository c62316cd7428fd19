import type { Program } from '../../programs/api/programs.types.ts';
import { EmptyState } from '../../shell/components/states.tsx';

export function ProgramResourcesTab({ program }: { program: Program }) {
  void program;
  return <EmptyState title="Resources" description="Coming soon." />;
}
