import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  List,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { CriteriaInput, CriteriaView } from '../../../../src/contracts/match-runs.contracts.ts';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { formatNumber, plural } from '../../../lib/format.ts';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import {
  criterionHelp,
  criterionLabel,
  useCriteria,
  useCriteriaPreview,
  useSaveCriteria,
} from '../api/matching.api.ts';
import { Figure } from './figure.tsx';
import { ScoreHistogram } from './score-histogram.tsx';

const CRITERIA = [
  'skills',
  'goals',
  'function',
  'learningStyle',
  'seniority',
  'timeZone',
  'language',
  'department',
  'answers',
  'preference',
];
const WEIGHTS = [
  { value: 'must', label: 'Must' },
  { value: 'high', label: 'High' },
  { value: 'medium', label: 'Medium' },
  { value: 'low', label: 'Low' },
  { value: 'off', label: 'Off' },
];
interface Draft {
  weights: Record<string, string | number>;
  gap: number;
  minimumScore: number | null;
  /** Group programs: how much a group's mentees having things in common counts (decision 031). */
  cohesion: string | number;
}

function toDraft(view: CriteriaView): Draft {
  return {
    weights: { ...view.weights },
    gap: view.levelRule.gap,
    minimumScore: view.minimumScore,
    cohesion: view.cohesion,
  };
}

function toInput(draft: Draft, withGap: boolean, grouped: boolean): CriteriaInput {
  return {
    weights: draft.weights as CriteriaInput['weights'],
    levelRule: withGap ? { gap: draft.gap } : undefined,
    minimumScore: draft.minimumScore,
    ...(grouped ? { cohesion: draft.cohesion as CriteriaInput['cohesion'] } : {}),
  };
}

export function CriteriaTab({ program }: { program: Program }) {
  const criteria = useCriteria(program.id);
  if (criteria.isPending) return <LoadingState label="Loading the criteria…" />;
  if (criteria.isError) return <ErrorState error={criteria.error} onRetry={() => criteria.refetch()} />;
  return <CriteriaEditor program={program} saved={criteria.data} />;
}

function CriteriaEditor({ program, saved }: { program: Program; saved: CriteriaView }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(saved));
  useEffect(() => setDraft(toDraft(saved)), [saved]);
  const withGap = program.type === 'one_to_one' || program.type === 'group' || program.type === 'flash';
  const grouped = program.type === 'group';
  const input = useMemo(() => toInput(draft, withGap, grouped), [draft, withGap, grouped]);
  const [debounced] = useDebouncedValue(input, 350);
  const preview = useCriteriaPreview(program.id, debounced);
  const save = useSaveCriteria(program.id);
  const dirty = JSON.stringify(toDraft(saved)) !== JSON.stringify(draft);

  const setWeight = (key: string, value: string) =>
    setDraft((current) => ({ ...current, weights: { ...current.weights, [key]: value } }));

  const onSave = () =>
    save.mutate(input, {
      onSuccess: () =>
        notifications.show({ color: 'trellis', message: 'Matching criteria saved. The next run uses them.' }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Criteria not saved', message: errorMessage(error) }),
    });

  const data = preview.data;
  const without = data?.menteesWithoutEligibleMentor ?? 0;

  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Paper withBorder p="lg" component="section" aria-labelledby="weights-heading">
          <Stack gap="md">
            <Group justify="space-between">
              <Stack gap={2}>
                <Title order={2} size="h4" id="weights-heading">
                  What makes a good pair
                </Title>
                <Text size="sm" c="dimmed">
                  “Must” removes pairs that do not meet the criterion; “Off” ignores it.
                </Text>
              </Stack>
              {dirty && (
                <Badge color="orange" variant="light" radius="sm">
                  Unsaved changes
                </Badge>
              )}
            </Group>
            <Stack gap={0}>
              {CRITERIA.map((key) => {
                const weight = draft.weights[key] ?? 'off';
                const numeric = typeof weight === 'number';
                return (
                  <Group
                    key={key}
                    justify="space-between"
                    wrap="wrap"
                    gap="sm"
                    py="sm"
                    className="detail-row"
                  >
                    <Stack gap={0} style={{ flex: '1 1 220px' }}>
                      <Text size="sm" fw={600} id={`weight-${key}`}>
                        {criterionLabel[key] ?? key}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {criterionHelp[key]}
                        {numeric ? ` · custom weight ${weight}` : ''}
                      </Text>
                    </Stack>
                    <SegmentedControl
                      aria-labelledby={`weight-${key}`}
                      size="xs"
                      value={numeric ? '' : String(weight)}
                      onChange={(value) => setWeight(key, value)}
                      data={WEIGHTS}
                      color={weight === 'must' ? 'orange' : weight === 'off' ? 'gray' : 'trellis'}
                    />
                  </Group>
                );
              })}
              {grouped && (
                <Group justify="space-between" wrap="wrap" gap="sm" py="sm" className="detail-row">
                  <Stack gap={0} style={{ flex: '1 1 220px' }}>
                    <Text size="sm" fw={600} id="weight-cohesion">
                      Group cohesion
                    </Text>
                    <Text size="xs" c="dimmed">
                      Mentees in a group want the same skills, have alike goals and are within 3 hours of each
                      other
                      {typeof draft.cohesion === 'number' ? ` · custom weight ${draft.cohesion}` : ''}
                    </Text>
                  </Stack>
                  <SegmentedControl
                    aria-labelledby="weight-cohesion"
                    size="xs"
                    value={typeof draft.cohesion === 'number' ? '' : draft.cohesion}
                    onChange={(value) => setDraft((current) => ({ ...current, cohesion: value }))}
                    data={WEIGHTS.filter((option) => option.value !== 'must')}
                    color={draft.cohesion === 'off' ? 'gray' : 'trellis'}
                  />
                </Group>
              )}
            </Stack>
            <Group
              grow
              align="flex-start"
              pt="sm"
              style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
            >
              {withGap ? (
                <NumberInput
                  label="Level gap"
                  description="Mentors at least this many levels above their mentee"
                  min={0}
                  max={20}
                  value={draft.gap}
                  onChange={(value) => setDraft((current) => ({ ...current, gap: Number(value) || 0 }))}
                />
              ) : (
                <Stack gap={2}>
                  <Text size="sm" fw={500}>
                    Level rule
                  </Text>
                  <Text size="xs" c="dimmed">
                    {program.type === 'peer'
                      ? 'Peers are within one level of each other.'
                      : 'The mentee is more senior than the mentor.'}
                  </Text>
                </Stack>
              )}
              <Stack gap={6}>
                <Switch
                  label="Minimum score"
                  description="Pairs scoring below it are not made"
                  checked={draft.minimumScore !== null}
                  onChange={(event) =>
                    setDraft((current) => ({
                      ...current,
                      minimumScore: event.currentTarget.checked ? 40 : null,
                    }))
                  }
                />
                {draft.minimumScore !== null && (
                  <NumberInput
                    aria-label="Minimum score (0–100)"
                    min={0}
                    max={100}
                    value={draft.minimumScore}
                    onChange={(value) =>
                      setDraft((current) => ({ ...current, minimumScore: Number(value) || 0 }))
                    }
                    w={120}
                  />
                )}
              </Stack>
            </Group>
            <Group justify="flex-end">
              <Button variant="default" disabled={!dirty} onClick={() => setDraft(toDraft(saved))}>
                Discard changes
              </Button>
              <Button
                leftSection={<IconDeviceFloppy size={18} aria-hidden="true" />}
                onClick={onSave}
                loading={save.isPending}
                disabled={!dirty}
              >
                Save criteria
              </Button>
            </Group>
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Paper withBorder p="lg" component="section" aria-labelledby="preview-heading" pos="sticky" top={76}>
          <Stack gap="md">
            <Stack gap={2}>
              <Title order={2} size="h4" id="preview-heading">
                Live preview
              </Title>
              <Text size="sm" c="dimmed">
                Scores of every eligible pair with these settings, before anything is saved.
              </Text>
            </Stack>
            {preview.isError ? (
              <ErrorState error={preview.error} title="No preview" onRetry={() => preview.refetch()} />
            ) : !data ? (
              <LoadingState label="Scoring pairs…" />
            ) : (
              <Stack
                gap="md"
                style={{ opacity: preview.isFetching ? 0.6 : 1 }}
                aria-busy={preview.isFetching}
              >
                <Group gap="xl">
                  <Figure size={24} value={formatNumber(data.eligiblePairs)} caption="eligible pairs" />
                  <Figure size={24} value={formatNumber(data.mentees)} caption="mentees" />
                  <Figure size={24} value={formatNumber(data.mentors)} caption="mentors" />
                </Group>
                <ScoreHistogram buckets={data.histogram} caption="Eligible pairs by score" />
                <div role="status" aria-live="polite">
                  {without > 0 ? (
                    <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden="true" />}>
                      <Text size="sm" fw={600}>
                        {plural(without, 'mentee has', 'mentees have')} no eligible mentor
                      </Text>
                      <List size="xs" mt={4} spacing={2} aria-label="Mentees with no eligible mentor">
                        {data.withoutEligible.map((mentee) => (
                          <List.Item key={mentee.menteeEnrolmentId}>
                            <strong>{mentee.name}</strong>: {mentee.reason}
                          </List.Item>
                        ))}
                      </List>
                      {without > data.withoutEligible.length && (
                        <Text size="xs" mt={4}>
                          …and {plural(without - data.withoutEligible.length, 'more mentee', 'more mentees')}.
                          In all:{' '}
                          {Object.entries(data.withoutEligibleByRule)
                            .filter(([, count]) => count > 0)
                            .map(([rule, count]) => `${data.ruleReasons[rule] ?? 'another rule'} (${count})`)
                            .join(' · ')}
                        </Text>
                      )}
                    </Alert>
                  ) : (
                    data.mentees > 0 && (
                      <Text size="sm" c="trellis.8" fw={600}>
                        Every mentee has at least one eligible mentor.
                      </Text>
                    )
                  )}
                </div>
              </Stack>
            )}
          </Stack>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
