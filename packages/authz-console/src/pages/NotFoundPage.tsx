import { Link } from "@tollgate/web-ui";
import { PageHeader } from "../components/PageHeader.tsx";

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
