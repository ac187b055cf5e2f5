interface PagerProps {
  page: number;
  /** Unknown for lists that don't count (tenants): then "next" depends on `hasNext`. */
  pageCount?: number | undefined;
  total?: number | undefined;
  hasNext?: boolean;
  label: string;
  onPage(page: number): void;
}

/** Previous / next with where we are; the buttons stay in place so keyboard focus does too. */
export function Pager({ page, pageCount, total, hasNext, label, onPage }: PagerProps) {
  const last = pageCount === undefined ? !hasNext : page >= pageCount;
  return (
    <nav className="pager" aria-label={`${label} pages`} data-testid="pager">
      <button
        type="button"
        className="button"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
        data-testid="pager-prev"
      >
        ← Previous
      </button>
      <span className="pager-status" data-testid="pager-status">
        Page {page.toLocaleString("en-US")}
        {pageCount !== undefined && ` of ${Math.max(pageCount, 1).toLocaleString("en-US")}`}
        {total !== undefined && ` · ${total.toLocaleString("en-US")} in all`}
      </span>
      <button
        type="button"
        className="button"
        disabled={last}
        onClick={() => onPage(page + 1)}
        data-testid="pager-next"
      >
        Next →
      </button>
    </nav>
  );
}
