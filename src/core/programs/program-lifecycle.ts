/**
 * A program's lifecycle (§2): draft → enrolling → matching → running → closed. Matching may go back to enrolling
 * (staff reopen enrolment to find more mentors); enrolling and matching may be closed early (a program cancelled);
 * closed is final. Drafts are deleted rather than closed.
 */
export const programStatuses = ['draft', 'enrolling', 'matching', 'running', 'closed'] as const;
export type ProgramStatus = (typeof programStatuses)[number];

const allowed: Readonly<Record<ProgramStatus, readonly ProgramStatus[]>> = {
  draft: ['enrolling'],
  enrolling: ['matching', 'closed'],
  matching: ['enrolling', 'running', 'closed'],
  running: ['closed'],
  closed: [],
};

/** The statuses a program in `from` may move to. */
export function nextProgramStatuses(from: ProgramStatus): readonly ProgramStatus[] {
  return allowed[from];
}

/** Whether a program may move from `from` to `to`. */
export function canTransitionProgram(from: ProgramStatus, to: ProgramStatus): boolean {
  return allowed[from].includes(to);
}
