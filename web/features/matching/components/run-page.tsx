import '../../programs/components/programs.css';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconRefresh, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../../lib/api.ts';
import { formatDateTime, plural } from '../../../lib/format.ts';
import { describeTally } from '../../../lib/notice-tally.ts';
import { useProgram } from '../../programs/api/programs.api.ts';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { matchModeLabel, useMatchRun, usePublishRun, useStartRun } from '../api/matching.api.ts';
import { PairsTable } from './pairs-table.tsx';
import { RunGroups } from './run-groups.tsx';
import { RunProgress, RunResults } from './run-results.tsx';
import { RunStatusBadge } from './run-status-badge.tsx';

export function RunPage() {
  const { id = '', runId = '' } = useParams();
  const program = useProgram(id);
  const run = useMatchRun(id, runId);
  const navigate = useNavigate();
  const rerun = useStartRun(id);
  const publish = usePublishRun(id, runId);
  const [confirmPublish, setConfirmPublish] = useState(false);

  if (run.isPending || program.isPending) return <LoadingState label="Loading the run…" />;
  if (run.isError)
    return (
      <ErrorState error={run.error} title="This run could not be loaded" onRetry={() => run.refetch()} />
    );
  if (program.isError) return <ErrorState error={program.error} onRetry={() => program.refetch()} />;
  const data = run.data;
  const stats = data.stats;
  const busy = data.status === 'queued' || data.status === 'running';
  const editable = data.status === 'draft';
  const grouped = program.data.type === 'group';

  const onRerun = () =>
    rerun.mutate(
      { mode: data.mode, baseRunId: data.id },
      {
        onSuccess: (next) => {
          notifications.show({
            color: 'trellis',
            message: `Run #${next.number} started; it keeps the locked pairs and edits of run #${data.number}.`,
          });
          navigate(`/programs/${id}/runs/${next.id}`);
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Run not started', message: errorMessage(error) }),
      },
    );

  const onPublish = () =>
    publish.mutate(undefined, {
      onSuccess: (result) => {
        setConfirmPublish(false);
        notifications.show({
          color: 'trellis',
          title: 'Matches published',
          message: [
            result.groups
              ? `${plural(result.groups.length, 'group')} formed${
                  result.groups.length
                    ? `: ${result.groups.map((g) => `${g.name} (${g.members})`).join(', ')}`
                    : ''
                }${result.skipped.length ? `; ${plural(result.skipped.length, 'mentee')} skipped` : ''}.`
              : `${plural(result.relationshipsCreated, 'relationship')} created${
                  result.skipped.length ? `, ${result.skipped.length} skipped` : ''
                }.`,
            describeTally(result.told),
            result.program.message,
          ].join(' '),
          autoClose: 12_000,
        });
      },
      onError: (error) => {
        setConfirmPublish(false);
        notifications.show({ color: 'red', title: 'Not published', message: errorMessage(error) });
      },
    });

  return (
    <>
      <PageBreadcrumbs
        links={[
          { to: '/programs', label: 'Programs' },
          { to: `/programs/${id}/runs`, label: program.data.name },
        ]}
        current={`Run #${data.number}`}
      />
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span>Run #{data.number}</span>
            <RunStatusBadge status={data.status} />
          </Group>
        }
        documentTitle={`Run #${data.number} · ${program.data.name}`}
        description={`${matchModeLabel[data.mode]} · started ${formatDateTime(data.createdAt)}${
          data.publishedAt ? ` · published ${formatDateTime(data.publishedAt)}` : ''
        }`}
        actions={
          <>
            {(data.status === 'draft' || data.status === 'published') && (
              <Button
                component="a"
                variant="default"
                href={`/api/programs/${id}/match-runs/${runId}/pairs.csv`}
                download
                leftSection={<IconDownload size={18} aria-hidden="true" />}
              >
                Download pairs (CSV)
              </Button>
            )}
            <Button
              variant="default"
              leftSection={<IconRefresh size={18} aria-hidden="true" />}
              onClick={onRerun}
              loading={rerun.isPending}
              disabled={busy}
            >
              Re-run
            </Button>
            <Button
              leftSection={<IconSend size={18} aria-hidden="true" />}
              onClick={() => setConfirmPublish(true)}
              disabled={!editable || publish.isPending}
            >
              Publish
            </Button>
          </>
        }
      />
      {data.status === 'failed' && (
        <Alert color="red" variant="light" mb="lg" title="This run failed" role="alert">
          {data.error ?? 'The matcher stopped. Try again.'}
        </Alert>
      )}
      {busy ? (
        <RunProgress run={data} />
      ) : (
        <Stack gap="lg">
          {stats && <RunResults stats={stats} />}
          {grouped && (data.status === 'draft' || data.status === 'published') && (
            <RunGroups programId={id} run={data} editable={editable} />
          )}
          <PairsTable programId={id} run={data} editable={editable} />
        </Stack>
      )}
      <Modal
        opened={confirmPublish}
        onClose={() => !publish.isPending && setConfirmPublish(false)}
        title={`Publish run #${data.number}?`}
        centered
      >
        <Stack>
          <Text size="sm">
            {stats && grouped
              ? `${plural(stats.groups?.items.length ?? 0, 'group')} of ${plural(stats.matched, 'mentee')} start; a group below the minimum size is not published. Each mentor and mentee is told in the app, and by email unless they chose otherwise. `
              : stats
                ? `${plural(stats.matched, 'pair')} become relationships. Each mentor and mentee is told in the app, and by email unless they chose otherwise. `
                : ''}
            {program.data.status === 'enrolling' || program.data.status === 'matching'
              ? 'The program moves to running. '
              : ''}
            Unmatched mentees stay enrolled; you can match them later. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmPublish(false)} disabled={publish.isPending}>
              Cancel
            </Button>
            <Button
              onClick={onPublish}
              loading={publish.isPending}
              leftSection={<IconSend size={16} aria-hidden="true" />}
            >
              Publish matches
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
