import { Stack } from '@mantine/core';
import { SurveyPrompts } from '../../surveys/components/survey-prompts.tsx';
import type { WorkspaceContext } from '../workspace-context.ts';

/** The workspace at a glance: partner, agreement, goals, next meeting, action items, notes, timeline. */
export function WorkspaceOverview({ workspace }: { workspace: WorkspaceContext }) {
  return (
    <Stack gap="lg">
      <SurveyPrompts workspace={workspace} />
    </Stack>
  );
}
