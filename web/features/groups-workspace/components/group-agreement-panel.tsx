import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import type { GroupWorkspace } from '../../../../src/contracts/group-workspace.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import { AgreementForm, AgreementView } from '../../agreements/components/agreement-content.tsx';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { useGroupAgreement, useGroupAgreementAction } from '../api/group-workspace.api.ts';
import { badgeProps, groupRoleLabel } from './group-labels.ts';

const statusBadge = {
  draft: { label: 'Draft', color: 'gray' },
  awaiting_signatures: { label: 'Waiting for signatures', color: 'yellow' },
  signed: { label: 'Signed by everyone', color: 'green' },
} as const;

/** The group's agreement: what it says, each current member's signature, sign or edit (a new version). */
export function GroupAgreementPanel({ workspace }: { workspace: GroupWorkspace }) {
  const agreement = useGroupAgreement(workspace.group.id);
  const action = useGroupAgreementAction(workspace.group.id);
  const [editing, setEditing] = useState(false);

  if (agreement.isPending) return <LoadingState label="Loading the agreement…" />;
  if (agreement.isError) return <ErrorState error={agreement.error} onRetry={() => agreement.refetch()} />;
  const data = agreement.data;
  const badge = statusBadge[data.status];

  const sign = () =>
    action.mutate(
      { kind: 'sign', version: data.version },
      {
        onSuccess: (result) =>
          notifications.show({
            color: 'trellis',
            message:
              result.status === 'signed'
                ? 'Signed. Everyone has signed: the agreement is in force.'
                : 'Signed. The others are asked to sign too.',
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not signed', message: errorMessage(error) }),
      },
    );

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="group-signatures">
        <Group justify="space-between" mb="sm">
          <Group gap="sm">
            <Title order={2} size="h4" id="group-signatures">
              Signatures
            </Title>
            <Badge {...badgeProps(badge.color)}>{badge.label}</Badge>
          </Group>
          <Group gap="sm">
            {data.availableActions.includes('sign') && !editing && (
              <Button onClick={sign} loading={action.isPending && action.variables?.kind === 'sign'}>
                Sign {data.version === 0 ? 'the agreement' : `version ${data.version}`}
              </Button>
            )}
            {data.availableActions.includes('edit') && !editing && (
              <Button variant="default" onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
          </Group>
        </Group>
        <Text size="sm" c="dimmed" mb="sm">
          The agreement is in force once every member of the group has signed its current version. An edit
          makes a new version that everyone signs again.
        </Text>
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {data.signatures.map((signature) => (
            <Group key={signature.personId} component="li" gap="xs" wrap="nowrap">
              {signature.signedAt ? (
                <IconCircleCheck size={18} color="var(--mantine-color-green-7)" aria-hidden="true" />
              ) : (
                <IconClock size={18} color="var(--mantine-color-gray-6)" aria-hidden="true" />
              )}
              <Text size="sm">
                <Text span fw={500}>
                  {signature.name}
                </Text>{' '}
                ({groupRoleLabel[signature.role].toLowerCase()}):{' '}
                {signature.signedAt ? `signed on ${formatDate(signature.signedAt)}` : 'not signed yet'}
              </Text>
            </Group>
          ))}
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="group-agreement-text">
        <Title order={2} size="h4" id="group-agreement-text" mb="sm">
          {data.version === 0 ? 'Draft from the program’s template' : `Version ${data.version}`}
        </Title>
        {data.editedBy && data.updatedAt && (
          <Text size="xs" c="dimmed" mb="sm">
            Last edited by {data.editedBy.name} on {formatDate(data.updatedAt)}
          </Text>
        )}
        {editing ? (
          <AgreementForm
            initial={data.content}
            error={action.error}
            saving={action.isPending}
            submitLabel="Save a new version"
            onCancel={() => {
              setEditing(false);
              action.reset();
            }}
            onSubmit={(content) =>
              action.mutate(
                { kind: 'edit', content },
                {
                  onSuccess: () => {
                    setEditing(false);
                    notifications.show({ color: 'trellis', message: 'Saved. Everyone is asked to sign it.' });
                  },
                },
              )
            }
          />
        ) : (
          <AgreementView content={data.content} />
        )}
      </Paper>
    </Stack>
  );
}
