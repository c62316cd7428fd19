import { Stack, Table, Text } from '@mantine/core';
import { formatNumber } from '../../../lib/format.ts';

/**
 * Eligible pairs per score band, as plain CSS bars. The bars are hidden from assistive technology; the same numbers
 * are in a table below them (visually hidden unless asked for).
 */
export function ScoreHistogram({
  buckets,
  caption,
  showTable = false,
}: {
  buckets: { from: number; to: number; pairs: number }[];
  caption: string;
  showTable?: boolean;
}) {
  const max = Math.max(1, ...buckets.map((bucket) => bucket.pairs));
  return (
    <Stack gap={4}>
      <div className="histogram" aria-hidden="true">
        {buckets.map((bucket) => (
          <div
            className="histogram-bar"
            key={bucket.from}
            title={`${bucket.from}–${bucket.to}: ${bucket.pairs} pairs`}
          >
            <span className="histogram-count">{bucket.pairs > 0 ? formatNumber(bucket.pairs) : ''}</span>
            <span
              className="histogram-fill"
              style={{
                height: `${(bucket.pairs / max) * 100}%`,
                opacity: bucket.pairs === 0 ? 0.25 : 1,
              }}
            />
          </div>
        ))}
      </div>
      <div className="histogram-axis" aria-hidden="true">
        {buckets.map((bucket) => (
          <span key={bucket.from}>{bucket.from}</span>
        ))}
      </div>
      <Text size="xs" c="dimmed" ta="center" aria-hidden="true">
        Pair score
      </Text>
      <div className={showTable ? undefined : 'visually-hidden'}>
        <Table aria-label={caption} withTableBorder={showTable} fz="sm">
          <Table.Caption>{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Score</Table.Th>
              <Table.Th scope="col">Eligible pairs</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {buckets.map((bucket) => (
              <Table.Tr key={bucket.from}>
                <Table.Td>
                  {bucket.from}–{bucket.to}
                </Table.Td>
                <Table.Td>{formatNumber(bucket.pairs)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}
