import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { PeopleSort } from '../../../../src/contracts/people.contracts.ts';
import type { PeopleListQuery } from '../api/people.api.ts';

/** The columns the directory sorts by. */
export type SortKey = Extract<PeopleSort, 'name' | 'title' | 'department' | 'level' | 'location'>;
const FILTER_KEYS = ['department', 'jobFunction', 'level', 'location'] as const;
export const PAGE_SIZES = ['25', '50', '100'];

function readQuery(params: URLSearchParams): PeopleListQuery {
  const level = params.get('level');
  const status = params.get('status');
  const order = params.get('order');
  return {
    q: params.get('q') || undefined,
    department: params.get('department') || undefined,
    jobFunction: params.get('jobFunction') || undefined,
    level: level !== null && level !== '' && !Number.isNaN(Number(level)) ? Number(level) : undefined,
    location: params.get('location') || undefined,
    status: status === 'inactive' || status === 'all' ? status : undefined,
    sort: (params.get('sort') as PeopleListQuery['sort']) || undefined,
    order: order === 'desc' ? 'desc' : undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(params.get('pageSize') ?? '') ? Number(params.get('pageSize')) : 25,
  };
}

/**
 * The directory's search, filters, sort and page, held in the URL so they can be shared and survive back/forward.
 * The search box is typed into locally and written to the URL once typing pauses.
 */
export function useDirectoryParams() {
  const [params, setParams] = useSearchParams();
  const query = readQuery(params);

  const urlSearch = params.get('q') ?? '';
  const [search, setSearch] = useState(urlSearch);
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const urlSearchRef = useRef(urlSearch);
  urlSearchRef.current = urlSearch;
  useEffect(() => setSearch(urlSearch), [urlSearch]);
  // Only a new debounced value writes the URL (not a URL change from back/forward), hence the refs.
  const updateRef = useRef(update);
  updateRef.current = update;
  useEffect(() => {
    if (debouncedSearch.trim() === urlSearchRef.current.trim()) return;
    updateRef.current({ q: debouncedSearch.trim() || null });
  }, [debouncedSearch]);

  /** Change some parameters; any change other than the page goes back to page 1. */
  function update(changes: Record<string, string | null>) {
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(key);
        else next.set(key, value);
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    });
  }

  const hasFilters = Boolean(
    query.q || FILTER_KEYS.some((key) => params.get(key)) || (query.status && query.status !== 'active'),
  );
  const clearFilters = () => {
    setSearch('');
    setParams(new URLSearchParams());
  };

  const sortBy = (key: SortKey) => {
    const currentSort = query.sort ?? 'name';
    const currentOrder = query.order ?? 'asc';
    const order = currentSort === key && currentOrder === 'asc' ? 'desc' : 'asc';
    update({ sort: key === 'name' ? null : key, order: order === 'asc' ? null : 'desc' });
  };

  return { query, search, setSearch, update, hasFilters, clearFilters, sortBy };
}

export type DirectoryParams = ReturnType<typeof useDirectoryParams>;
