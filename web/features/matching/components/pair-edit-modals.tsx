import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import type { RunPair } from '../../../../src/contracts/match-runs.contracts.ts';
import { type PersonLines, personPickerProps } from '../../../components/person-name.tsx';
import { useProgramEnrolments } from '../../enrolment/api/enrolment.api.ts';
import { formatScore, useRunPairs } from '../api/matching.api.ts';

/** A person to pick: the name (also for the confirmation message) and what tells namesakes apart. */
type PickOption = PersonLines & { value: string };

/** Pick one person from a searched list, then confirm: the shape of every pair edit that needs a second person. */
function PickPersonModal({
  title,
  intro,
  label,
  placeholder,
  options,
  searching,
  nothingFound,
  search,
  onSearchChange,
  submitLabel,
  pending,
  onClose,
  onSubmit,
}: {
  title: string;
  intro: ReactNode;
  label: string;
  placeholder: string;
  options: PickOption[];
  searching: boolean;
  nothingFound: string;
  search: string;
  onSearchChange: (search: string) => void;
  submitLabel: string;
  pending: boolean;
  onClose: () => void;
  onSubmit: (value: string, name: string) => void;
}) {
  const [value, setValue] = useState<string | null>(null);
  const [chosen, setChosen] = useState('');
  const picker = personPickerProps(options, (option) => option);
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <Stack>
        {intro}
        <Select
          label={label}
          placeholder={placeholder}
          data={picker.data}
          renderOption={picker.renderOption}
          description={picker.secondLineOf(value) || undefined}
          // The server searches; the options are not filtered again by their label.
          filter={({ options: all }) => all}
          value={value}
          onChange={(next) => {
            setValue(next);
            setChosen(options.find((option) => option.value === next)?.name ?? '');
          }}
          searchable
          searchValue={search}
          onSearchChange={onSearchChange}
          nothingFoundMessage={searching ? 'Searching…' : nothingFound}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!value} loading={pending} onClick={() => value && onSubmit(value, chosen)}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Give a mentee another approved mentor of the program (or a first one). */
export function ReassignModal({
  programId,
  pair,
  pending,
  onClose,
  onSubmit,
}: {
  programId: string;
  pair: RunPair;
  pending: boolean;
  onClose: () => void;
  onSubmit: (mentorEnrolmentId: string, name: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const mentors = useProgramEnrolments(programId, {
    role: 'mentor',
    status: 'approved',
    q: q || undefined,
    pageSize: 50,
  });
  const options = (mentors.data?.items ?? [])
    .filter((enrolment) => enrolment.id !== pair.mentor?.enrolmentId)
    .map((enrolment) => ({ ...enrolment.person, value: enrolment.id }));
  return (
    <PickPersonModal
      title={`Choose a mentor for ${pair.mentee.name}`}
      intro={
        pair.mentor && (
          <Text size="sm" c="dimmed">
            Now paired with {pair.mentor.name} ({formatScore(pair.score)}). The server checks the hard rules
            and the mentor’s capacity.
          </Text>
        )
      }
      label="Mentor"
      placeholder="Search mentors"
      options={options}
      searching={mentors.isFetching}
      nothingFound="No mentor matches"
      search={search}
      onSearchChange={setSearch}
      submitLabel="Assign mentor"
      pending={pending}
      onClose={onClose}
      onSubmit={onSubmit}
    />
  );
}

/** Swap mentors between this mentee and another matched one. */
export function SwapModal({
  programId,
  runId,
  pair,
  pending,
  onClose,
  onSubmit,
}: {
  programId: string;
  runId: string;
  pair: RunPair;
  pending: boolean;
  onClose: () => void;
  onSubmit: (menteeEnrolmentId: string, name: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const pairs = useRunPairs(programId, runId, { filter: 'matched', q: q || undefined, pageSize: 50 });
  const options = (pairs.data?.items ?? [])
    .filter((item) => item.mentee.enrolmentId !== pair.mentee.enrolmentId && item.mentor)
    .map((item) => ({
      ...item.mentee,
      value: item.mentee.enrolmentId,
      also: item.mentor ? `with ${item.mentor.name}` : null,
    }));
  return (
    <PickPersonModal
      title={`Swap ${pair.mentee.name}’s mentor`}
      intro={
        <Text size="sm" c="dimmed">
          {pair.mentee.name} takes the other mentee’s mentor, and the other mentee takes {pair.mentor?.name}.
        </Text>
      }
      label="Swap with"
      placeholder="Search mentees"
      options={options}
      searching={pairs.isFetching}
      nothingFound="No matched mentee"
      search={search}
      onSearchChange={setSearch}
      submitLabel="Swap mentors"
      pending={pending}
      onClose={onClose}
      onSubmit={onSubmit}
    />
  );
}
