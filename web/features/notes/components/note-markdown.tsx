import { Typography } from '@mantine/core';
import ReactMarkdown, { type Components } from 'react-markdown';
import './notes.css';

/** Links open in a new tab; headings sit below the panel's own; react-markdown drops javascript: URLs. */
const components: Components = {
  a: ({ node: _node, href, children, ...rest }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" {...rest}>
      {children}
    </a>
  ),
  // A note lives inside a panel, a meeting card or a list: its own headings would break the page's outline, so
  // they read as bold lines.
  h1: ({ node: _node, children }) => <p className="note-heading">{children}</p>,
  h2: ({ node: _node, children }) => <p className="note-heading">{children}</p>,
  h3: ({ node: _node, children }) => <p className="note-heading">{children}</p>,
  h4: ({ node: _node, children }) => <p className="note-heading">{children}</p>,
  h5: ({ node: _node, children }) => <p className="note-heading">{children}</p>,
  h6: ({ node: _node, children }) => <p className="note-heading">{children}</p>,
  img: ({ node: _node, alt }) => <span>{alt ? `[image: ${alt}]` : '[image]'}</span>,
};

/** A note's Markdown, rendered without raw HTML (and without loading images from elsewhere). */
export function NoteMarkdown({ text }: { text: string }) {
  return (
    <Typography fz="sm" style={{ overflowWrap: 'anywhere' }}>
      <ReactMarkdown components={components} skipHtml>
        {text}
      </ReactMarkdown>
    </Typography>
  );
}
