import {
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import type {
  NudgeKindName,
  NudgeOverridesInput,
  ProgramMessageSettings,
} from '../../../../src/contracts/messages.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { plural } from '../../../lib/format.ts';
import { FormError } from '../../shell/components/states.tsx';
import { useUpdateProgramMessageSettings } from '../api/messages.api.ts';

type KindSettings = ProgramMessageSettings['kinds'][number];
type Value = KindSettings['values'][string];

/** What each of a kind's numbers means, next to its input. */
const fieldLabel: Partial<Record<NudgeKindName, Record<string, string>>> = {
  meeting_reminder: { hoursBefore: 'Hours before the meeting' },
  no_first_meeting: { days: 'Days after the match' },
  quiet_pair: { days: 'Days without a meeting' },
  agreement_unsigned: { days: 'Days after it was proposed' },
  request_reminder: { days: 'Days the request waits' },
  survey_reminder: { days: 'Days after it opened' },
  action_item_overdue: { days: 'Days after the due date' },
  ending_soon: { days: 'Days before the end' },
  escalation: { days: 'Days after the nudge' },
  inactive_closure: { days: 'Days without activity', noticeDays: 'Days of notice' },
};

/** What staff typed, kind by kind, until saved: `enabled` and the kind's numbers (hours as typed text). */
type Edits = Partial<
  Record<NudgeKindName, { enabled?: boolean; values?: Record<string, string | number | null> }>
>;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function hoursText(value: Value | undefined): string {
  return Array.isArray(value) ? value.join(', ') : '';
}

/** "24, 1" → [24, 1]; null when something other than whole numbers was typed. */
function parseHours(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const hours = parts.map(Number);
  return hours.every((hour) => Number.isInteger(hour)) ? hours : null;
}

/** The API's messages, said shorter for the person at a small number field. */
function friendly(message: string): string {
  const most = message.match(/^must be at most (\d+)$/);
  if (most) return `At most ${most[1]}`;
  const least = message.match(/^must be at least (\d+)$/);
  if (least) return `At least ${least[1]}`;
  const items = message.match(/^can have at most (\d+) entries$/);
  if (items) return `At most ${items[1]} reminders`;
  if (message === 'must be a whole number') return 'Use a whole number';
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * The program's reminders and nudges: each kind on or off with its numbers, saved together; pausing a kind is
 * saved at once (it holds what is scheduled until resumed). The API's refusals show at the field they name.
 */
export function NudgeSettingsPanel({
  programId,
  settings,
}: {
  programId: string;
  settings: ProgramMessageSettings;
}) {
  const [edits, setEdits] = useState<Edits>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const save = useUpdateProgramMessageSettings(programId);
  const pause = useUpdateProgramMessageSettings(programId);
  const dirty = Object.keys(edits).length > 0;

  const edit = (
    kind: NudgeKindName,
    change: { enabled?: boolean; field?: string; value?: string | number | null },
  ) => {
    setEdits((current) => {
      const before = current[kind] ?? {};
      const next =
        change.field === undefined
          ? { ...before, enabled: change.enabled }
          : { ...before, values: { ...before.values, [change.field]: change.value ?? null } };
      return { ...current, [kind]: next };
    });
    const key = change.field === undefined ? kind : `${kind}.${change.field}`;
    setErrors((current) => (current[key] ? { ...current, [key]: '' } : current));
  };

  /**
   * The overrides to send: every field that differs from the default (so a program keeps what it changed before
   * whether the server replaces or merges) plus every field edited now (so a value put back to its default sticks).
   */
  const buildOverrides = (): { nudges: NudgeOverridesInput; problems: Record<string, string> } => {
    const nudges: Record<string, Record<string, unknown>> = {};
    const problems: Record<string, string> = {};
    for (const kind of settings.kinds) {
      const edited = edits[kind.kind];
      const override: Record<string, unknown> = {};
      const enabled = edited?.enabled ?? kind.enabled;
      if (edited?.enabled !== undefined || enabled !== kind.defaults.enabled) override.enabled = enabled;
      for (const [field, saved] of Object.entries(kind.values)) {
        const typed = edited?.values && field in edited.values ? edited.values[field] : undefined;
        let value: Value = saved;
        if (typed !== undefined) {
          if (field === 'hoursBefore') {
            const hours = parseHours(String(typed ?? ''));
            if (!hours || hours.length === 0) {
              problems[`${kind.kind}.${field}`] = 'Write whole hours separated by commas, e.g. 24, 1';
              continue;
            }
            value = hours;
          } else if (typed === '') {
            problems[`${kind.kind}.${field}`] = 'Enter a number of days';
            continue;
          } else {
            value = typed === null ? null : Number(typed);
          }
        }
        if (typed !== undefined || !same(value, kind.defaults[field])) override[field] = value;
      }
      if (Object.keys(override).length > 0) nudges[kind.kind] = override;
    }
    return { nudges: nudges as NudgeOverridesInput, problems };
  };

  const onSave = () => {
    setFormError(undefined);
    const { nudges, problems } = buildOverrides();
    if (Object.keys(problems).length > 0) {
      setErrors(problems);
      return;
    }
    save.mutate(
      { nudges },
      {
        onSuccess: () => {
          setEdits({});
          setErrors({});
          notifications.show({
            color: 'trellis',
            title: 'Reminders saved',
            message: 'What is scheduled follows the new settings.',
          });
        },
        onError: (error) => {
          const found: Record<string, string> = {};
          let unplaced: string | undefined;
          if (error instanceof ApiError && error.issues.length > 0) {
            for (const issue of error.issues) {
              // "nudges.quiet_pair.days" or "nudges.meeting_reminder.hoursBefore.0": the kind and its field.
              const [root, kind, field] = issue.path.split('.');
              if (root === 'nudges' && kind)
                found[field ? `${kind}.${field}` : kind] ??= friendly(issue.message);
              else unplaced ??= friendly(issue.message);
            }
          }
          setErrors(found);
          if (unplaced || Object.keys(found).length === 0) setFormError(unplaced ?? errorMessage(error));
        },
      },
    );
  };

  const togglePause = (kind: KindSettings) => {
    const paused = settings.kinds.filter((item) => item.paused).map((item) => item.kind);
    const next = kind.paused ? paused.filter((item) => item !== kind.kind) : [...paused, kind.kind];
    pause.mutate(
      { pausedKinds: next },
      {
        onSuccess: () =>
          notifications.show({
            color: 'trellis',
            title: kind.paused ? `${kind.label}: resumed` : `${kind.label}: paused`,
            message: kind.paused
              ? 'What is scheduled goes out again when it is due.'
              : 'Nothing of this kind goes out until you resume it.',
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
      },
    );
  };

  const pausedCount = settings.kinds.filter((kind) => kind.paused).length;

  return (
    <Paper withBorder component="section" aria-labelledby="nudges-heading" style={{ overflow: 'hidden' }}>
      <Group
        justify="space-between"
        align="flex-start"
        p="lg"
        pb="md"
        className="messages-section-head"
        wrap="wrap"
      >
        <Stack gap={4} style={{ flex: '1 1 420px' }}>
          <Group gap="sm">
            <Title order={2} size="h4" id="nudges-heading">
              Reminders and nudges
            </Title>
            {pausedCount > 0 && (
              <Badge color="yellow" variant="light" c="dark.8" radius="sm">
                {plural(pausedCount, 'kind')} paused
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            Trellis sends these on its own, between 08:00 and 20:00 in each person’s time zone. Switch a kind
            off to stop it, or pause it to hold what is scheduled until you resume.
          </Text>
        </Stack>
        <Group gap="sm">
          {dirty && (
            <>
              <Badge color="orange" variant="light" c="dark.8" radius="sm">
                Unsaved changes
              </Badge>
              <Button
                variant="default"
                onClick={() => {
                  setEdits({});
                  setErrors({});
                  setFormError(undefined);
                }}
                disabled={save.isPending}
              >
                Discard
              </Button>
            </>
          )}
          <Button
            leftSection={<IconDeviceFloppy size={18} aria-hidden="true" />}
            onClick={onSave}
            loading={save.isPending}
            disabled={!dirty}
          >
            Save
          </Button>
        </Group>
      </Group>
      {formError && (
        <div style={{ padding: '12px 24px 0' }}>
          <FormError message={formError} />
        </div>
      )}
      <ul className="messages-rows">
        {settings.kinds.map((kind) => {
          const edited = edits[kind.kind];
          const enabled = edited?.enabled ?? kind.enabled;
          return (
            <li key={kind.kind} className="messages-row nudge-row" data-testid={`nudge-${kind.kind}`}>
              <div className="messages-row-text">
                <Switch
                  checked={enabled}
                  onChange={(event) => edit(kind.kind, { enabled: event.currentTarget.checked })}
                  label={
                    <Group gap={8} component="span">
                      <span>{kind.label}</span>
                      {kind.paused && (
                        <Badge
                          size="sm"
                          color="yellow"
                          variant="light"
                          c="dark.8"
                          radius="sm"
                          component="span"
                        >
                          Paused
                        </Badge>
                      )}
                    </Group>
                  }
                  description={kind.description}
                  error={errors[kind.kind] || undefined}
                  styles={{ label: { fontWeight: 600 } }}
                />
              </div>
              <div className="nudge-fields">
                {Object.entries(kind.values).map(([field, saved]) => (
                  <NudgeField
                    key={field}
                    kind={kind}
                    field={field}
                    saved={saved}
                    typed={edited?.values?.[field]}
                    disabled={!enabled}
                    error={errors[`${kind.kind}.${field}`] || undefined}
                    quietDaysFromCadence={settings.quietDaysFromCadence}
                    onChange={(value) => edit(kind.kind, { field, value })}
                  />
                ))}
              </div>
              <div className="nudge-action">
                {(kind.paused || kind.enabled) && (
                  <Button
                    size="xs"
                    variant={kind.paused ? 'light' : 'default'}
                    leftSection={
                      kind.paused ? (
                        <IconPlayerPlay size={14} aria-hidden="true" />
                      ) : (
                        <IconPlayerPause size={14} aria-hidden="true" />
                      )
                    }
                    onClick={() => togglePause(kind)}
                    loading={
                      pause.isPending && pause.variables?.pausedKinds?.includes(kind.kind) !== kind.paused
                    }
                    aria-label={`${kind.paused ? 'Resume' : 'Pause'} ${kind.label.toLowerCase()}`}
                  >
                    {kind.paused ? 'Resume' : 'Pause'}
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Paper>
  );
}

function NudgeField({
  kind,
  field,
  saved,
  typed,
  disabled,
  error,
  quietDaysFromCadence,
  onChange,
}: {
  kind: KindSettings;
  field: string;
  saved: Value;
  typed: string | number | null | undefined;
  disabled: boolean;
  error: string | undefined;
  quietDaysFromCadence: number;
  onChange: (value: string | number | null) => void;
}) {
  const label = fieldLabel[kind.kind]?.[field] ?? (field === 'days' ? 'Days' : field);
  const current = typed !== undefined ? typed : saved;

  if (field === 'hoursBefore') {
    return (
      <TextInput
        label={label}
        description="Up to 4, separated by commas"
        value={typed !== undefined ? String(typed ?? '') : hoursText(saved)}
        onChange={(event) => onChange(event.currentTarget.value)}
        disabled={disabled}
        error={error}
        w={200}
      />
    );
  }

  // quiet_pair's days may follow the program's meeting cadence (null): a checkbox chooses, the number waits.
  if (kind.kind === 'quiet_pair' && field === 'days') {
    const followsCadence = current === null;
    return (
      <Stack gap={6}>
        <NumberInput
          label={label}
          description={
            followsCadence ? `From the cadence (${plural(quietDaysFromCadence, 'day')})` : undefined
          }
          value={followsCadence ? quietDaysFromCadence : (current as number | string)}
          onChange={(value) => onChange(value === '' ? '' : Number(value))}
          disabled={disabled || followsCadence}
          error={error}
          min={1}
          max={365}
          clampBehavior="none"
          allowDecimal={false}
          w={200}
        />
        <Checkbox
          size="xs"
          label="Follow the meeting cadence"
          checked={followsCadence}
          disabled={disabled}
          onChange={(event) => onChange(event.currentTarget.checked ? null : quietDaysFromCadence)}
        />
      </Stack>
    );
  }

  return (
    <NumberInput
      label={label}
      value={current === null ? '' : (current as number | string)}
      onChange={(value) => onChange(value === '' ? '' : Number(value))}
      disabled={disabled}
      error={error}
      min={1}
      clampBehavior="none"
      allowDecimal={false}
      w={200}
    />
  );
}
