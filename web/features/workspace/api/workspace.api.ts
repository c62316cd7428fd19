import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  WorkspaceOverview,
  WorkspaceTimelinePage,
} from '../../../../src/contracts/workspace.contracts.ts';
import { api } from '../../../lib/api.ts';

/**
 * Every workspace query key starts with `workspace`: the other workspace features invalidate `['workspace']` after
 * a change, so the overview and the timeline follow.
 */
export const workspaceKeys = {
  all: ['workspace'] as const,
  overview: (relationshipId: string) => ['workspace', 'overview', relationshipId] as const,
  timeline: (relationshipId: string) => ['workspace', 'timeline', relationshipId] as const,
};

export function useWorkspaceOverview(relationshipId: string) {
  return useQuery({
    queryKey: workspaceKeys.overview(relationshipId),
    queryFn: ({ signal }) => api<WorkspaceOverview>(`/relationships/${relationshipId}/workspace`, { signal }),
  });
}

const TIMELINE_PAGE = 10;

/** The pair's timeline, newest first, a page at a time ("Show more"). */
export function useWorkspaceTimeline(relationshipId: string) {
  return useInfiniteQuery({
    queryKey: workspaceKeys.timeline(relationshipId),
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      api<WorkspaceTimelinePage>(`/relationships/${relationshipId}/timeline`, {
        query: { page: pageParam, pageSize: TIMELINE_PAGE },
        signal,
      }),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}
