import { ActionIcon, Badge, Group, Menu, Table, Text } from '@mantine/core';
import {
  IconArrowsExchange,
  IconChevronDown,
  IconChevronRight,
  IconDots,
  IconLock,
  IconLockOpen,
  IconQuestionMark,
  IconUserMinus,
  IconUserShare,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { RunEditInput, RunPair } from '../../../../src/contracts/match-runs.contracts.ts';
import { PersonName } from '../../../components/person-name.tsx';
import { reasonText } from '../api/matching.api.ts';
import { PairExplanationPanel } from './pair-explanation.tsx';
import { ScorePill } from './score-pill.tsx';

/** One mentee of a run: their mentor (or why none), score and state; opens into the explanation below it. */
export function PairRow({
  programId,
  runId,
  pair,
  open,
  onToggle,
  actions,
}: {
  programId: string;
  runId: string;
  pair: RunPair;
  open: boolean;
  onToggle: () => void;
  /** The row's edit menu, when the run can still be edited. */
  actions: ReactNode;
}) {
  const key = pair.mentee.enrolmentId;
  return (
    <>
      <Table.Tr data-testid="pair-row">
        <Table.Td>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-expanded={open}
            aria-controls={`explain-${key}`}
            aria-label={`Why ${pair.mentee.name} ${pair.mentor ? `is paired with ${pair.mentor.name}` : 'is unmatched'}`}
            onClick={onToggle}
          >
            {open ? (
              <IconChevronDown size={18} aria-hidden="true" />
            ) : (
              <IconChevronRight size={18} aria-hidden="true" />
            )}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <PersonName person={pair.mentee}>
            <Link to={`/people/${pair.mentee.personId}`} className="row-link">
              {pair.mentee.name}
            </Link>
          </PersonName>
        </Table.Td>
        <Table.Td>
          {pair.mentor ? (
            <PersonName person={pair.mentor}>
              <Link to={`/people/${pair.mentor.personId}`} className="row-link">
                {pair.mentor.name}
              </Link>
            </PersonName>
          ) : (
            <Text size="sm" c="var(--mantine-color-orange-text)" fw={500}>
              {reasonText(pair.reason)}
            </Text>
          )}
        </Table.Td>
        <Table.Td ta="right">
          <ScorePill score={pair.score} />
        </Table.Td>
        <Table.Td>
          <Group gap={4}>
            {pair.locked && (
              <Badge
                variant="light"
                color="blue"
                radius="sm"
                leftSection={<IconLock size={12} aria-hidden="true" />}
              >
                Locked
              </Badge>
            )}
            {pair.source === 'edit' && (
              <Badge variant="light" color="gray" radius="sm">
                Edited
              </Badge>
            )}
            {pair.restsOnNeutral && (
              // Most of the score is half marks for information one of them did not give (issue 13 §4).
              <Badge
                variant="light"
                color="orange"
                radius="sm"
                leftSection={<IconQuestionMark size={12} aria-hidden="true" />}
                title="Most of this score comes from information missing on one side: open the row to see which"
              >
                Thin evidence
              </Badge>
            )}
          </Group>
        </Table.Td>
        <Table.Td>{actions}</Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr id={`explain-${key}`} className="explain-row">
          <Table.Td colSpan={6} bg="gray.0" px="lg" py="md">
            <PairExplanationPanel programId={programId} runId={runId} menteeEnrolmentId={key} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** A pair's edits: reassign or swap (through a picker), lock or unlock, unmatch. */
export function PairActionsMenu({
  pair,
  onReassign,
  onSwap,
  onEdit,
}: {
  pair: RunPair;
  onReassign: () => void;
  onSwap: () => void;
  onEdit: (input: RunEditInput, done: string) => void;
}) {
  const menteeEnrolmentId = pair.mentee.enrolmentId;
  return (
    <Menu position="bottom-end" shadow="md" width={220}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Edit the pair of ${pair.mentee.name}`}>
          <IconDots size={18} aria-hidden="true" />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconUserShare size={16} aria-hidden="true" />} onClick={onReassign}>
          {pair.mentor ? 'Reassign mentor…' : 'Assign a mentor…'}
        </Menu.Item>
        {pair.mentor && (
          <Menu.Item leftSection={<IconArrowsExchange size={16} aria-hidden="true" />} onClick={onSwap}>
            Swap mentors with…
          </Menu.Item>
        )}
        {pair.mentor &&
          (pair.locked ? (
            <Menu.Item
              leftSection={<IconLockOpen size={16} aria-hidden="true" />}
              onClick={() =>
                onEdit({ action: 'unlock', menteeEnrolmentId }, `${pair.mentee.name}’s pair is unlocked.`)
              }
            >
              Unlock
            </Menu.Item>
          ) : (
            <Menu.Item
              leftSection={<IconLock size={16} aria-hidden="true" />}
              onClick={() =>
                onEdit(
                  { action: 'lock', menteeEnrolmentId },
                  `${pair.mentee.name}’s pair is locked; re-runs keep it.`,
                )
              }
            >
              Lock this pair
            </Menu.Item>
          ))}
        {pair.mentor && (
          <Menu.Item
            color="red"
            leftSection={<IconUserMinus size={16} aria-hidden="true" />}
            onClick={() =>
              onEdit({ action: 'unmatch', menteeEnrolmentId }, `${pair.mentee.name} is unmatched.`)
            }
          >
            Unmatch
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
