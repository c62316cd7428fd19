import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

/** A deep garden green; shade 7 (the primary) keeps white text above 5:1 contrast. */
const trellis: MantineColorsTuple = [
  '#e8f6ef',
  '#d2ecdf',
  '#a6d8bf',
  '#77c39d',
  '#52b283',
  '#3aa672',
  '#2b8a5f',
  '#237a55',
  '#1f6f4e',
  '#175a3e',
];

export const theme = createTheme({
  primaryColor: 'trellis',
  primaryShade: 7,
  colors: { trellis },
  defaultRadius: 'md',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '700' },
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'lg' } },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 200 } },
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      // Under a title, Mantine greys the message to gray-6 (3.3:1); gray-7 keeps AA.
      styles: { description: { color: 'var(--mantine-color-gray-7)' } },
    },
    // A dialog's header is not the page's banner: Mantine renders it as <header>, a second banner landmark.
    ModalHeader: { defaultProps: { component: 'div' } },
    DrawerHeader: { defaultProps: { component: 'div' } },
    Modal: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Close' }, radius: 'lg', padding: 'lg' },
      styles: { title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } },
    },
  },
});

/**
 * Mantine's default light-scheme shades for dimmed text, errors, and light/filled variants of red, orange, blue
 * and grey fall below WCAG AA (4.5:1) for small text. These darker ones pass it everywhere they are used.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c6370',
    '--mantine-color-placeholder': '#6b7280',
    '--mantine-color-error': '#c92a2a',
    '--mantine-color-red-text': '#c92a2a',
    '--mantine-color-red-light-color': '#c92a2a',
    '--mantine-color-red-filled': '#c92a2a',
    '--mantine-color-red-filled-hover': '#a51d1d',
    '--mantine-color-orange-text': '#9a3412',
    '--mantine-color-orange-light-color': '#9a3412',
    '--mantine-color-orange-filled': '#c2410c',
    '--mantine-color-orange-filled-hover': '#9a3412',
    '--mantine-color-blue-text': '#1864ab',
    '--mantine-color-blue-light-color': '#1864ab',
    '--mantine-color-gray-light-color': '#343a40',
    '--mantine-color-gray-filled': '#495057',
    '--mantine-color-trellis-light-color': '#175a3e',
    '--mantine-color-trellis-text': '#1f6f4e',
    '--mantine-color-anchor': '#1f6f4e',
  },
  dark: {},
});
