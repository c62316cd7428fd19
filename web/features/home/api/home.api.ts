import { useQuery } from '@tanstack/react-query';
import type { Home } from '../../../../src/contracts/home.contracts.ts';
import { api } from '../../../lib/api.ts';
import { browserTimeZone } from '../../meetings/meeting-time.ts';

export const homeKeys = {
  all: ['home'] as const,
  forZone: (timeZone: string) => ['home', timeZone] as const,
};

/**
 * The signed-in person's home, with dates and times in the browser's zone. It gathers what every other feature
 * changes, so it is read afresh each time the page opens (never served stale), the mutations that change what it
 * lists invalidate `homeKeys.all` too, and it refreshes every few minutes while open.
 */
export function useHome() {
  const timeZone = browserTimeZone();
  return useQuery({
    queryKey: homeKeys.forZone(timeZone),
    queryFn: ({ signal }) => api<Home>('/home', { query: { timeZone }, signal }),
    staleTime: 0,
    refetchOnMount: 'always',
    refetchInterval: 5 * 60_000,
  });
}
