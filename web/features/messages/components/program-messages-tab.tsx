import './messages.css';
import { Stack } from '@mantine/core';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { useMe } from '../../session/api/session.api.ts';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { useProgramMessageSettings } from '../api/messages.api.ts';
import { ScheduledMessagesPanel, SentMessagesPanel } from './message-lists.tsx';
import { NudgeSettingsPanel } from './nudge-settings-panel.tsx';

/** A program's "Messages" tab (staff): its reminders and nudges, what is scheduled, and what was sent. */
export function ProgramMessagesTab({ program }: { program: Program }) {
  const settings = useProgramMessageSettings(program.id);
  const isAdmin = useMe().data?.role === 'admin';
  return (
    <Stack gap="lg">
      {settings.isPending ? (
        <LoadingState label="Loading the reminders…" />
      ) : settings.isError ? (
        <ErrorState
          error={settings.error}
          title="The reminders could not be loaded"
          onRetry={() => settings.refetch()}
        />
      ) : (
        <NudgeSettingsPanel programId={program.id} settings={settings.data} />
      )}
      <ScheduledMessagesPanel programId={program.id} settings={settings.data} />
      <SentMessagesPanel programId={program.id} isAdmin={isAdmin} />
    </Stack>
  );
}
