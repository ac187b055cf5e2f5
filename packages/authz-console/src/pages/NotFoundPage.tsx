import { PageHeader } from "../components/PageHeader.tsx";
import { Link } from "../routing/Link.tsx";

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found">This address names no page of the console.</PageHeader>
      <p>
        <Link to="/">Go to the policy editor</Link>
      </p>
    </>
  );
}
