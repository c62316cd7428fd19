import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconClock, IconEdit, IconHistory, IconSignature } from '@tabler/icons-react';
import { useState } from 'react';
import type {
  AgreementStatus,
  AgreementVersionSummary,
  PairAgreement,
} from '../../../../src/contracts/agreements.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import {
  useAgreementVersion,
  usePairAgreement,
  useSavePairAgreement,
  useSignPairAgreement,
} from '../api/agreements.api.ts';
import { AgreementForm, AgreementView } from './agreement-content.tsx';

/** The status as the caller reads it: who still needs to sign. */
function statusBadge(status: AgreementStatus, workspace: WorkspaceContext): { label: string; color: string } {
  if (status === 'signed') return { label: 'Signed by both', color: 'green' };
  if (status === 'draft') return { label: 'Not signed yet', color: 'gray' };
  const waitingFor = status === 'awaiting_mentor' ? 'mentor' : 'mentee';
  return waitingFor === workspace.myRole
    ? { label: 'Waiting for your signature', color: 'orange' }
    : { label: `Waiting for ${workspace.partner.name}`, color: 'yellow' };
}

function names(workspace: WorkspaceContext) {
  return workspace.myRole === 'mentor'
    ? { mentor: workspace.me.name, mentee: workspace.partner.name }
    : { mentor: workspace.partner.name, mentee: workspace.me.name };
}

/**
 * The "Signed" cell of the version history: the current version may be signed by one side only, which a bare "No"
 * would hide; an older version was superseded before both signed it.
 */
function versionSignedLabel(
  version: AgreementVersionSummary,
  agreement: PairAgreement,
  workspace: WorkspaceContext,
): string {
  if (version.signed) return 'Signed by both';
  if (version.version !== agreement.version) return 'Replaced before both signed';
  const mine =
    agreement.myRole === 'mentor' ? agreement.signatures.mentorSignedAt : agreement.signatures.menteeSignedAt;
  const theirs =
    agreement.myRole === 'mentor' ? agreement.signatures.menteeSignedAt : agreement.signatures.mentorSignedAt;
  if (mine) return `By you, not yet by ${workspace.partner.name}`;
  if (theirs) return `By ${workspace.partner.name}, not yet by you`;
  return 'Not yet';
}

/** One sentence on what happens next, from the caller's point of view. */
function nextStep(agreement: PairAgreement, workspace: WorkspaceContext): string {
  const mine =
    agreement.myRole === 'mentor' ? agreement.signatures.mentorSignedAt : agreement.signatures.menteeSignedAt;
  const theirs =
    agreement.myRole === 'mentor' ? agreement.signatures.menteeSignedAt : agreement.signatures.mentorSignedAt;
  if (agreement.status === 'signed')
    return `You and ${workspace.partner.name} have both signed this agreement.`;
  if (agreement.readOnly) return 'This agreement was never signed by both of you.';
  if (mine && !theirs) return `You have signed. Waiting for ${workspace.partner.name} to sign.`;
  if (!mine && theirs)
    return `${workspace.partner.name} has signed. Read it through and sign when you agree.`;
  if (agreement.version === 0) {
    return 'This draft comes from your program’s template. Talk it through, change what you need, then both sign.';
  }
  return 'Neither of you has signed this version yet. Read it through and sign when you agree.';
}

function SignatureLine({
  side,
  name,
  signedAt,
  isMe = false,
}: {
  side: string;
  name: string;
  signedAt: string | null;
  isMe?: boolean;
}) {
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon variant="light" color={signedAt ? 'green' : 'gray'} size="sm" radius="xl" aria-hidden="true">
        {signedAt ? <IconCircleCheck size={14} /> : <IconClock size={14} />}
      </ThemeIcon>
      <Text size="sm">
        <Text span fw={600}>
          {name}
        </Text>{' '}
        ({isMe ? `you, the ${side}` : side}):{' '}
        {signedAt ? `signed ${formatDateTime(signedAt)}` : 'not signed yet'}
      </Text>
    </Group>
  );
}

/** The pair's mentoring agreement: read, edit (a new version), sign, and look back at past versions. */
export function AgreementPanel({ workspace }: { workspace: WorkspaceContext }) {
  const agreement = usePairAgreement(workspace.relationshipId);
  const save = useSavePairAgreement(workspace.relationshipId);
  const sign = useSignPairAgreement(workspace.relationshipId);
  const [editing, setEditing] = useState(false);
  const [confirmingSign, setConfirmingSign] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);

  if (agreement.isPending) return <LoadingState label="Loading your agreement…" />;
  if (agreement.isError) {
    return (
      <ErrorState
        error={agreement.error}
        title="The agreement could not be loaded"
        onRetry={() => agreement.refetch()}
      />
    );
  }
  const data = agreement.data;
  const readOnly = workspace.readOnly || data.readOnly;
  const canEdit = !readOnly && data.availableActions.includes('edit');
  const canSign = !readOnly && data.availableActions.includes('sign');
  const people = names(workspace);
  const badge = statusBadge(data.status, workspace);
  const anySigned = Boolean(data.signatures.mentorSignedAt || data.signatures.menteeSignedAt);

  const onSign = () =>
    sign.mutate(data.version, {
      onSuccess: (result) => {
        setConfirmingSign(false);
        notifications.show({
          color: 'trellis',
          message:
            result.status === 'signed'
              ? 'Signed by both of you: your agreement is in force.'
              : `Signed. ${workspace.partner.name} has been asked to sign too.`,
        });
      },
      onError: (error) => {
        setConfirmingSign(false);
        notifications.show({ color: 'red', title: 'Not signed', message: errorMessage(error) });
        agreement.refetch();
      },
    });

  return (
    <Stack gap="lg">
      <Paper withBorder p="lg" component="section" aria-labelledby="agreement-status-heading">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Group gap="sm">
                <Title order={2} size="h4" id="agreement-status-heading">
                  Mentoring agreement
                </Title>
                <Badge
                  size="lg"
                  {...(badge.color === 'green'
                    ? { color: 'trellis', variant: 'filled' }
                    : { color: badge.color, c: 'dark.7', variant: 'light' })}
                >
                  {badge.label}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {data.version === 0
                  ? 'Draft from the program template'
                  : `Version ${data.version}, edited by ${data.editedBy?.name ?? 'someone'} on ${formatDate(data.updatedAt)}`}
              </Text>
            </Stack>
            {!editing && (canEdit || canSign) && (
              <Group gap="sm">
                {canEdit && (
                  <Button
                    variant="default"
                    leftSection={<IconEdit size={16} aria-hidden="true" />}
                    onClick={() => setEditing(true)}
                  >
                    Edit
                  </Button>
                )}
                {canSign && (
                  <Button
                    leftSection={<IconSignature size={16} aria-hidden="true" />}
                    onClick={() => setConfirmingSign(true)}
                  >
                    Sign as {data.myRole}
                  </Button>
                )}
              </Group>
            )}
          </Group>
          <Text size="sm" role="status">
            {nextStep(data, workspace)}
          </Text>
          <Stack gap={4}>
            <SignatureLine
              side="mentor"
              name={people.mentor}
              signedAt={data.signatures.mentorSignedAt}
              isMe={workspace.myRole === 'mentor'}
            />
            <SignatureLine
              side="mentee"
              name={people.mentee}
              signedAt={data.signatures.menteeSignedAt}
              isMe={workspace.myRole === 'mentee'}
            />
          </Stack>
        </Stack>
      </Paper>

      <Paper withBorder p="lg" component="section" aria-labelledby="agreement-content-heading">
        <Title order={2} size="h4" id="agreement-content-heading" mb="md">
          {editing ? 'Edit the agreement' : 'What we agreed'}
        </Title>
        {editing ? (
          <Stack gap="md">
            {anySigned && (
              <Alert color="yellow" variant="light">
                Saving a change makes a new version: both of you will need to sign it again.
              </Alert>
            )}
            <AgreementForm
              initial={data.content}
              error={save.error}
              saving={save.isPending}
              submitLabel={`Save as version ${data.version + 1}`}
              onCancel={() => {
                save.reset();
                setEditing(false);
              }}
              onSubmit={(content) =>
                save.mutate(content, {
                  onSuccess: (result) => {
                    setEditing(false);
                    notifications.show({
                      color: 'trellis',
                      message:
                        result.version === data.version
                          ? 'Nothing changed.'
                          : `Saved as version ${result.version}. ${workspace.partner.name} has been told.`,
                    });
                  },
                  onError: (error) => {
                    // Field problems show beside their fields.
                    if (error instanceof ApiError && error.issues.length > 0) return;
                    notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
                  },
                })
              }
            />
          </Stack>
        ) : (
          <AgreementView content={data.content} />
        )}
      </Paper>

      <Paper withBorder p="lg" component="section" aria-labelledby="agreement-history-heading">
        <Group gap="xs" mb="sm">
          <IconHistory size={18} aria-hidden="true" />
          <Title order={2} size="h4" id="agreement-history-heading">
            Version history
          </Title>
        </Group>
        {data.versions.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing saved yet. Every edit is kept here as a version, so you can always see what changed.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Edited by</Table.Th>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Signed</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.versions.map((version) => (
                  <Table.Tr key={version.version}>
                    <Table.Td>
                      {version.version}
                      {version.version === data.version && (
                        <Badge ml="xs" size="xs" variant="light">
                          current
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{version.editedBy?.name ?? '—'}</Table.Td>
                    <Table.Td>{formatDateTime(version.createdAt)}</Table.Td>
                    <Table.Td>{versionSignedLabel(version, data, workspace)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => setViewing(version.version)}
                        aria-label={`View version ${version.version}`}
                      >
                        View
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <Modal
        opened={confirmingSign}
        onClose={() => setConfirmingSign(false)}
        title={`Sign version ${Math.max(data.version, 1)}?`}
        centered
      >
        <Stack>
          <Text size="sm">
            By signing, you agree to this mentoring agreement with {workspace.partner.name}.
            {data.version === 0 && ' The draft is saved as version 1.'} If either of you changes it later, you
            will both be asked to sign again.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmingSign(false)}>
              Cancel
            </Button>
            <Button loading={sign.isPending} onClick={onSign}>
              Sign as {data.myRole}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <VersionModal
        relationshipId={workspace.relationshipId}
        version={viewing}
        names={people}
        onClose={() => setViewing(null)}
      />
    </Stack>
  );
}

function VersionModal({
  relationshipId,
  version,
  names: people,
  onClose,
}: {
  relationshipId: string;
  version: number | null;
  names: { mentor: string; mentee: string };
  onClose: () => void;
}) {
  const detail = useAgreementVersion(relationshipId, version);
  return (
    <Modal
      opened={version !== null}
      onClose={onClose}
      title={`Agreement, version ${version ?? ''}`}
      size="lg"
    >
      {detail.isPending ? (
        <LoadingState label="Loading this version…" />
      ) : detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
      ) : (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Edited by {detail.data.editedBy?.name ?? 'someone'} on {formatDateTime(detail.data.createdAt)}
          </Text>
          <Stack gap={4}>
            <SignatureLine
              side="mentor"
              name={people.mentor}
              signedAt={detail.data.signatures.mentorSignedAt}
            />
            <SignatureLine
              side="mentee"
              name={people.mentee}
              signedAt={detail.data.signatures.menteeSignedAt}
            />
          </Stack>
          <AgreementView content={detail.data.content} />
        </Stack>
      )}
    </Modal>
  );
}
