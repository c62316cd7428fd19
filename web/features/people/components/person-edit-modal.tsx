import {
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type {
  PersonDetail,
  PersonSummary,
  PersonUpdate,
} from '../../../../src/contracts/people.contracts.ts';
import { personPickerProps } from '../../../components/person-name.tsx';
import { useFormState } from '../../../lib/form-state.ts';
import { FormError } from '../../shell/components/states.tsx';
import { usePeopleSearch, useUpdatePerson } from '../api/people.api.ts';

const timeZones: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

interface EditValues extends Record<string, unknown> {
  name: string;
  email: string;
  hrisId: string;
  title: string;
  department: string;
  jobFunction: string;
  level: number | '';
  managerId: string | null;
  location: string;
  timeZone: string | null;
  languages: string[];
  hireDate: string;
}

function toValues(person: PersonDetail): EditValues {
  return {
    name: person.name,
    email: person.email,
    hrisId: person.hrisId ?? '',
    title: person.title ?? '',
    department: person.department ?? '',
    jobFunction: person.jobFunction ?? '',
    level: person.level ?? '',
    managerId: person.managerId,
    location: person.location ?? '',
    timeZone: person.timeZone,
    languages: person.languages,
    hireDate: person.hireDate ?? '',
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

export function PersonEditModal({
  person,
  opened,
  onClose,
}: {
  person: PersonDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const update = useUpdatePerson(person.id);
  const form = useFormState<EditValues>(toValues(person));
  const { setValues, setErrors } = form;

  useEffect(() => {
    if (opened) {
      setValues(toValues(person));
      setErrors({});
    }
  }, [opened, person, setValues, setErrors]);

  const [managerSearch, setManagerSearch] = useState('');
  const [debouncedManagerSearch] = useDebouncedValue(managerSearch, 250);
  const candidates = usePeopleSearch(debouncedManagerSearch, opened);
  // Two candidates of the same name are told apart by a second line: title · department · email.
  const managerPicker = useMemo(() => {
    const options = new Map<string, PersonSummary>();
    if (person.manager) options.set(person.manager.id, person.manager);
    for (const candidate of candidates.data?.items ?? []) {
      if (candidate.id !== person.id) options.set(candidate.id, candidate);
    }
    return personPickerProps([...options.values()], (candidate) => ({ ...candidate, value: candidate.id }));
  }, [candidates.data, person]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const v = form.values;
    const body: PersonUpdate = {
      name: v.name.trim(),
      email: v.email.trim(),
      hrisId: orNull(v.hrisId),
      title: orNull(v.title),
      department: orNull(v.department),
      jobFunction: orNull(v.jobFunction),
      level: v.level === '' ? null : Number(v.level),
      managerId: v.managerId,
      location: orNull(v.location),
      timeZone: v.timeZone,
      languages: v.languages,
      hireDate: orNull(v.hireDate),
    };
    update.mutate(body, {
      onSuccess: () => {
        notifications.show({ color: 'trellis', title: 'Saved', message: `${v.name}'s profile was updated.` });
        onClose();
      },
      onError: form.fail,
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${person.name}`} size="lg" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError message={form.formError} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label="Full name" required data-autofocus {...form.text('name')} />
            <TextInput label="Work email" type="email" required {...form.text('email')} />
            <TextInput label="Job title" {...form.text('title')} />
            <TextInput
              label="HRIS ID"
              description="The employee ID in your HR system"
              {...form.text('hrisId')}
            />
            <TextInput label="Department" {...form.text('department')} />
            <TextInput label="Job function" {...form.text('jobFunction')} />
            <NumberInput
              label="Level"
              min={0}
              max={100}
              allowDecimal={false}
              value={form.values.level}
              onChange={(value) => form.setField('level', value === '' ? '' : Number(value))}
              error={form.errors.level}
            />
            <Select
              label="Manager"
              placeholder="Search by name"
              searchable
              clearable
              data={managerPicker.data}
              renderOption={managerPicker.renderOption}
              description={managerPicker.secondLineOf(form.values.managerId) || undefined}
              value={form.values.managerId}
              onChange={(value) => form.setField('managerId', value)}
              searchValue={managerSearch}
              onSearchChange={setManagerSearch}
              nothingFoundMessage={candidates.isFetching ? 'Searching…' : 'No one found'}
              error={form.errors.managerId}
              filter={({ options }) => options}
            />
            <TextInput label="Location" {...form.text('location')} />
            <Select
              label="Time zone"
              placeholder="e.g. Europe/Paris"
              searchable
              clearable
              data={timeZones}
              value={form.values.timeZone}
              onChange={(value) => form.setField('timeZone', value)}
              error={form.errors.timeZone}
              limit={50}
            />
            <TagsInput
              label="Languages"
              placeholder="Type a language, press Enter"
              value={form.values.languages}
              onChange={(value) => form.setField('languages', value)}
              error={form.errors.languages}
            />
            <TextInput label="Hire date" type="date" {...form.text('hireDate')} />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
