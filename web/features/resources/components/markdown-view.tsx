import { Typography } from '@mantine/core';
import ReactMarkdown, { type Components } from 'react-markdown';

/** Links leave the app in a new tab; react-markdown already drops raw HTML and unsafe URLs (javascript:). */
const components: Components = {
  a: ({ node: _node, href, children, ...rest }) => (
    <a href={href} target="_blank" rel="noopener noreferrer" {...rest}>
      {children}
    </a>
  ),
  // Keep the page's outline: a resource's own headings sit below the modal or page title.
  h1: ({ node: _node, ...rest }) => <h3 {...rest} />,
  h2: ({ node: _node, ...rest }) => <h3 {...rest} />,
  h3: ({ node: _node, ...rest }) => <h4 {...rest} />,
};

/** Markdown a resource's author wrote, rendered safely (no raw HTML). */
export function MarkdownView({ text }: { text: string }) {
  return (
    <Typography fz="sm">
      <ReactMarkdown components={components} skipHtml>
        {text}
      </ReactMarkdown>
    </Typography>
  );
}
