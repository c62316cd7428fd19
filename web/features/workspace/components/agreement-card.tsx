import { Badge, Button, Group, Text } from '@mantine/core';
import { IconFileCertificate } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { WorkspaceOverview } from '../../../../src/contracts/workspace.contracts.ts';
import { formatDate } from '../../../lib/format.ts';
import { OverviewCard, TabLink } from './overview-card.tsx';

/** The agreement's state as the caller reads it: "your signature" rather than "the mentor's" when it is theirs. */
function agreementLabel(data: WorkspaceOverview): string {
  const a = data.agreement;
  const partner = firstName(data.partner.name);
  // Once the mentoring has ended nobody can sign any more: say what happened rather than what to do.
  if (data.readOnly && a.status !== 'signed') return 'Never signed';
  switch (a.status) {
    case 'none':
    case 'draft':
      // As the Agreement tab says it: a draft from the template is there to read from the first day.
      return 'Not signed yet';
    case 'signed':
      return 'Signed by both';
    default:
      return a.awaitingMySignature ? 'Waiting for your signature' : `Waiting for ${partner}’s signature`;
  }
}

function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

function signatureLine(data: WorkspaceOverview): string {
  const a = data.agreement;
  const mine = data.partner.role === 'mentor' ? a.menteeSignedAt : a.mentorSignedAt;
  const theirs = data.partner.role === 'mentor' ? a.mentorSignedAt : a.menteeSignedAt;
  const partner = firstName(data.partner.name);
  return [
    mine ? `You signed ${formatDate(mine)}.` : 'You have not signed yet.',
    theirs ? `${partner} signed ${formatDate(theirs)}.` : `${partner} has not signed yet.`,
  ].join(' ');
}

const agreementColor: Record<WorkspaceOverview['agreement']['status'], string> = {
  none: 'gray',
  draft: 'gray',
  awaiting_mentor: 'orange',
  awaiting_mentee: 'orange',
  signed: 'trellis',
};

/** The agreement's status and signatures, and a way to sign when it waits for the reader. */
export function AgreementCard({ data, base }: { data: WorkspaceOverview; base: string }) {
  const a = data.agreement;
  return (
    <OverviewCard
      id="agreement-heading"
      title="Agreement"
      icon={<IconFileCertificate size={16} />}
      action={<TabLink to={`${base}/agreement`}>Open</TabLink>}
    >
      <Group gap="xs">
        <Badge
          {...(a.status === 'signed'
            ? { color: 'trellis', variant: 'filled' as const }
            : { color: agreementColor[a.status], c: 'dark.7', variant: 'light' as const })}
          radius="sm"
          tt="none"
          size="lg"
        >
          {agreementLabel(data)}
        </Badge>
        {a.version > 0 && (
          <Text size="xs" c="dimmed">
            Version {a.version}
            {a.updatedAt ? ` · ${formatDate(a.updatedAt)}` : ''}
          </Text>
        )}
      </Group>
      {data.readOnly && a.status !== 'signed' ? (
        <Text size="sm" c="dimmed">
          The mentoring ended before you both signed the agreement.
        </Text>
      ) : a.status === 'none' ? (
        <Text size="sm" c="dimmed">
          A draft from the program’s template is ready: goals, how often you meet, confidentiality and ground
          rules. Talk it through, change what you need, then both sign.
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {signatureLine(data)}
        </Text>
      )}
      {!data.readOnly && (a.awaitingMySignature || a.status === 'none') && (
        <Button
          component={Link}
          to={`${base}/agreement`}
          mt="auto"
          variant={a.awaitingMySignature ? 'filled' : 'light'}
        >
          {a.awaitingMySignature ? 'Read and sign' : 'Read the draft'}
        </Button>
      )}
    </OverviewCard>
  );
}
