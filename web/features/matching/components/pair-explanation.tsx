import { Alert, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { IconInfoCircle, IconQuestionMark } from '@tabler/icons-react';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { criterionLabel, formatScore, reasonText, usePairExplanation } from '../api/matching.api.ts';

const weightLabel = (weight: string | number) =>
  typeof weight === 'number' ? String(weight) : weight.charAt(0).toUpperCase() + weight.slice(1);

/** Why a pair scores what it does, criterion by criterion; or why a mentee got nobody. */
export function PairExplanationPanel({
  programId,
  runId,
  menteeEnrolmentId,
}: {
  programId: string;
  runId: string;
  menteeEnrolmentId: string;
}) {
  const explanation = usePairExplanation(programId, runId, menteeEnrolmentId);
  if (explanation.isPending) return <LoadingState label="Explaining…" />;
  if (explanation.isError)
    return <ErrorState error={explanation.error} onRetry={() => explanation.refetch()} />;
  const data = explanation.data;
  return (
    <Stack gap="sm">
      {/* For a matched pair the table says it all; the sentence explains an unmatched mentee. */}
      {data.text && data.unmatched && data.unmatched.code !== 'unmatched_by_edit' && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {data.text.charAt(0).toUpperCase() + data.text.slice(1)}
        </Text>
      )}
      {data.group && (
        <Text size="sm">
          <Text span fw={600}>
            Group cohesion {formatScore(data.group.cohesion)}
          </Text>{' '}
          ({data.group.size} of {data.group.seats} places): {data.group.why}
        </Text>
      )}
      {data.unmatched && (
        <Alert
          variant="light"
          color="orange"
          icon={<IconInfoCircle aria-hidden="true" />}
          title={reasonText(data.unmatched.code)}
        >
          <Text size="sm">
            {data.unmatched.code === 'unmatched_by_edit'
              ? 'An admin removed this pair. Assign a mentor from the row’s menu, or re-run to let the solver choose.'
              : data.unmatched.eligibleMentors === 0
                ? 'No mentor passed every rule.'
                : `${data.unmatched.eligibleMentors} eligible mentors, all taken or below the minimum score.`}
          </Text>
          {data.unmatched.removed.length > 0 && (
            <ul style={{ margin: '6px 0 0', paddingLeft: 18 }}>
              {data.unmatched.removed.map((rule) => (
                <li key={rule.rule}>
                  <Text size="sm">
                    {rule.description}: {rule.removed} {rule.removed === 1 ? 'mentor' : 'mentors'}
                  </Text>
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {data.restsOnNeutral && data.neutralWarning && (
        <Alert
          variant="light"
          color="orange"
          icon={<IconQuestionMark aria-hidden="true" />}
          title="This pair was matched on little evidence"
        >
          <Text size="sm">
            {data.neutralWarning.charAt(0).toUpperCase() + data.neutralWarning.slice(1)}. A criterion with
            nothing to go on scores half marks whoever the other person is. Check the pair yourself, or remind
            them to complete their profile and run again.
          </Text>
        </Alert>
      )}
      {data.criteria.length > 0 && (
        <Table fz="sm" verticalSpacing={6} highlightOnHover={false} aria-label="Score by criterion">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Criterion</Table.Th>
              <Table.Th>Weight</Table.Th>
              <Table.Th w="30%">Fit</Table.Th>
              <Table.Th ta="right">Points</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.criteria.map((item) => (
              <Table.Tr key={item.criterion}>
                <Table.Td fw={600}>{criterionLabel[item.criterion] ?? item.criterion}</Table.Td>
                <Table.Td>{weightLabel(item.weight)}</Table.Td>
                <Table.Td>
                  <Group gap={8} wrap="nowrap">
                    <div className="criterion-bar" style={{ flex: 1 }} aria-hidden="true">
                      <span style={{ width: `${Math.round(item.value * 100)}%` }} />
                    </div>
                    <Text size="xs" c="dimmed" w={36} ta="right" className="stat-value">
                      {Math.round(item.value * 100)}%
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td ta="right" className="stat-value" fw={600}>
                  {formatScore(item.points)}
                </Table.Td>
                <Table.Td c="dimmed">
                  {/* Only where it counts: a criterion weighted off adds nothing, known or not. */}
                  {item.neutral && item.points > 0 && (
                    <Badge variant="light" color="orange" radius="sm" size="sm" mr={6} tt="none">
                      No information
                    </Badge>
                  )}
                  {item.detail}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          {data.score !== null && (
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th colSpan={3}>Score</Table.Th>
                <Table.Th ta="right" className="stat-value">
                  {formatScore(data.score)}
                </Table.Th>
                <Table.Td c="dimmed">the points add up to the score, out of 100</Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          )}
        </Table>
      )}
    </Stack>
  );
}
