import type { GoalStatus } from '../../../../src/contracts/workspace-shapes.contracts.ts';

export const goalStatusLabel: Record<GoalStatus, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  done: 'Done',
  dropped: 'Dropped',
};

export const goalStatusColor: Record<GoalStatus, string> = {
  not_started: 'gray',
  on_track: 'blue',
  at_risk: 'orange',
  done: 'green',
  dropped: 'dark',
};

/** The SMART fields in plain words: what each asks, with an example. */
export const smartHelp = {
  specific: {
    label: 'Specific: what exactly do you want to achieve?',
    hint: 'One clear outcome, e.g. “Lead the Q3 planning meeting for my team”.',
  },
  measurable: {
    label: 'Measurable: how will you both know it is done?',
    hint: 'A number, a date, a thing that exists at the end, e.g. “the meeting happens and 3 decisions are recorded”.',
  },
  achievable: {
    label: 'Achievable: why is it within reach?',
    hint: 'What you already have, and what help or time you need.',
  },
  relevant: {
    label: 'Relevant: why does it matter now?',
    hint: 'How it moves your career or this mentoring relationship forward.',
  },
  timeBound: {
    label: 'Time-bound: by when?',
    hint: 'A due date gives you both something to plan against.',
  },
};
