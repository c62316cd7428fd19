import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** Where a page sits: links to the pages above it, then its own name. */
export function PageBreadcrumbs({
  links,
  current,
}: {
  links: { to: string; label: ReactNode }[];
  current: ReactNode;
}) {
  return (
    <Breadcrumbs mb="xs" aria-label="Breadcrumb" separator="›">
      {links.map((link) => (
        <Anchor key={link.to} component={Link} to={link.to} size="sm">
          {link.label}
        </Anchor>
      ))}
      <Text size="sm" c="dimmed">
        {current}
      </Text>
    </Breadcrumbs>
  );
}
