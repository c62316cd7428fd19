import { Badge } from '@mantine/core';
import type { MatchRun } from '../../../../src/contracts/match-runs.contracts.ts';

const label: Record<MatchRun['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  draft: 'Draft',
  failed: 'Failed',
  published: 'Published',
  discarded: 'Discarded',
};
const color: Record<MatchRun['status'], string> = {
  queued: 'gray',
  running: 'blue',
  draft: 'orange',
  failed: 'red',
  published: 'trellis',
  discarded: 'gray',
};

export function RunStatusBadge({ status }: { status: MatchRun['status'] }) {
  return (
    <Badge
      variant={status === 'published' ? 'filled' : 'light'}
      color={color[status]}
      radius="sm"
      style={{ flex: 'none', overflow: 'visible' }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {label[status]}
    </Badge>
  );
}

export const phaseLabel: Record<string, string> = {
  queued: 'Waiting to start',
  loading: 'Loading profiles',
  scoring: 'Scoring pairs',
  solving: 'Finding the best assignment',
  saving: 'Saving pairs',
  done: 'Done',
};
