import { parseInstanceId } from "@tollgate/policy";
import { ConfirmDialog, Link, navigate, useNotices } from "@tollgate/web-ui";
import { useState } from "react";
import { ApiError, seg } from "../../api/client.ts";
import { LoadState } from "../../components/LoadState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useConsole } from "../../state/console-context.ts";
import { useInstanceFacts } from "../../state/instance-facts.ts";
import { messageOf } from "../../state/rebac-schema.ts";
import "../../rebac.css";
import { AttributesEditor } from "./AttributesEditor.tsx";
import { InstanceRoles } from "./InstanceRoles.tsx";
import { InstanceTuples } from "./InstanceTuples.tsx";

/** One resource instance: its attributes, who holds which role on it, and its relationship tuples. */
export function InstancePage({ instanceId }: { instanceId: string }) {
  const { api } = useConsole();
  const notices = useNotices();
  const facts = useInstanceFacts(instanceId);
  const [deleting, setDeleting] = useState(false);
  const parts = parseInstanceId(instanceId);
  const missing = facts.error instanceof ApiError && facts.error.status === 404;
  const data = facts.data;

  const remove = async () => {
    try {
      await api.request("DELETE", api.facts(`/resource_instances/${seg(instanceId)}`));
      notices.success(`Instance ${instanceId} deleted, with its role assignments and tuples.`);
      navigate("/instances");
    } catch (err) {
      notices.error(`Could not delete ${instanceId}: ${messageOf(err)}`);
      setDeleting(false);
    }
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to="/instances">Instances</Link>
      </p>
      <PageHeader
        title={instanceId}
        actions={
          data && (
            <button
              type="button"
              className="button button-danger-quiet"
              onClick={() => setDeleting(true)}
              data-testid="instance-delete"
            >
              Delete instance
            </button>
          )
        }
      >
        {data ? (
          <>
            A <code>{data.instance.resource}</code> in tenant{" "}
            <strong>{data.instance.tenant ?? "default"}</strong>.
          </>
        ) : undefined}
      </PageHeader>
      {missing || !parts ? (
        <p className="empty" data-testid="instance-missing">
          There is no instance <code>{instanceId}</code>.
        </p>
      ) : (
        <LoadState
          loading={facts.loading && !data}
          error={facts.error}
          what="the instance"
          onRetry={facts.reload}
        />
      )}
      {data && parts && (
        <div className="stack">
          <AttributesEditor instance={data.instance} onSaved={facts.reload} />
          <InstanceRoles instance={data.instance} assignments={data.assignments} onChanged={facts.reload} />
          <InstanceTuples
            instance={data.instance}
            incoming={data.incoming}
            outgoing={data.outgoing}
            onChanged={facts.reload}
          />
        </div>
      )}
      <ConfirmDialog
        open={deleting}
        title={`Delete instance ${instanceId}?`}
        confirmLabel="Delete instance"
        onCancel={() => setDeleting(false)}
        onConfirm={() => void remove()}
      >
        <p>
          Its role assignments and relationship tuples are deleted with it, and so is every access they gave.
        </p>
      </ConfirmDialog>
    </>
  );
}
