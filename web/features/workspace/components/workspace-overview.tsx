import { Grid, Stack } from '@mantine/core';
import type { WorkspaceOverview as Overview } from '../../../../src/contracts/workspace.contracts.ts';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { SurveyPrompts } from '../../surveys/components/survey-prompts.tsx';
import { useWorkspaceOverview } from '../api/workspace.api.ts';
import type { WorkspaceContext } from '../workspace-context.ts';
import { ActionItemsCard } from './action-items-card.tsx';
import { AgreementCard } from './agreement-card.tsx';
import { GettingStarted } from './getting-started-card.tsx';
import { GoalsCard } from './goals-card.tsx';
import { NextMeetingCard } from './next-meeting-card.tsx';
import { NotesCard } from './notes-card.tsx';
import { PartnerCard } from './partner-card.tsx';
import { TimelineCard } from './timeline-card.tsx';

/** The workspace at a glance: partner, agreement, goals, next meeting, action items, notes, timeline. */
export function WorkspaceOverview({ workspace }: { workspace: WorkspaceContext }) {
  const overview = useWorkspaceOverview(workspace.relationshipId);
  const base = `/mentoring/relationships/${workspace.relationshipId}`;
  return (
    <Stack gap="lg">
      <SurveyPrompts workspace={workspace} />
      {overview.isPending ? (
        <LoadingState label="Gathering your workspace…" />
      ) : overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
      ) : (
        <OverviewCards data={overview.data} base={base} workspace={workspace} />
      )}
    </Stack>
  );
}

function OverviewCards({
  data,
  base,
  workspace,
}: {
  data: Overview;
  base: string;
  workspace: WorkspaceContext;
}) {
  return (
    <Stack gap="lg">
      {!data.readOnly && <GettingStarted data={data} base={base} />}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <PartnerCard data={data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <AgreementCard data={data} base={base} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <NextMeetingCard data={data} base={base} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <GoalsCard data={data} base={base} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <ActionItemsCard data={data} base={base} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <NotesCard data={data} base={base} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <TimelineCard relationshipId={workspace.relationshipId} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
