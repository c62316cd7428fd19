import { useEffect } from 'react';

/** Set `document.title` as "<page> · Trellis" while the page is shown. */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Trellis` : 'Trellis';
  }, [title]);
}
