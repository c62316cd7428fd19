import type { Program } from '../../../../src/contracts/programs.contracts.ts';

export function ProgramDashboardTab({ program }: { program: Program }) {
  return <p>{program.name}</p>;
}
