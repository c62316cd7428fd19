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
  },
});

/** Mantine's default "dimmed" grey is below 4.5:1 on white: use a darker one everywhere. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c6370',
    '--mantine-color-placeholder': '#6b7280',
  },
  dark: {},
});
