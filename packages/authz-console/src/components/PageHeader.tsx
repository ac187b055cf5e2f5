import { hasNavigated } from "@tollgate/web-ui";
import { type ReactNode, useEffect, useRef } from "react";

interface PageHeaderProps {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}

/**
 * The page's heading. It takes focus when the page opens (as a page load would put the reader at
 * the top), and names the document.
 */
export function PageHeader({ title, children, actions }: PageHeaderProps) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Tollgate console`;
  }, [title]);
  useEffect(() => {
    // Once, when the page opens, and only after moving between pages: on the first page of a visit
    // the browser's own handling is right. (Not again when the title fills in from loaded data.)
    if (hasNavigated()) ref.current?.focus();
  }, []);
  return (
    <header className="page-header">
      <div>
        <h1 ref={ref} tabIndex={-1} data-testid="page-title">
          {title}
        </h1>
        {children && <p className="page-lead">{children}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
