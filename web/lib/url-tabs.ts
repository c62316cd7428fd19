/** A page's tabs, the first being the one shown when the URL names none. */
export type Tabs = readonly [{ value: string; label: string }, ...{ value: string; label: string }[]];

/** The tab the URL's `:tab` names, or the first tab when it names none or one that does not exist. */
export function tabFromUrl<T extends Tabs>(tabs: T, tab: string | undefined): T[number] {
  return tabs.find((item) => item.value === tab) ?? tabs[0];
}
