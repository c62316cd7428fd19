import type { Program } from '../../programs/api/programs.types.ts';
import { EmptyState } from '../../shell/components/states.tsx';

export function AgreementTemplateTab({ program }: { program: Program }) {
  void program;
  return <EmptyState title="Agreement template" description="Coming soon." />;
}
