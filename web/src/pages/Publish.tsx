import { useState, type FormEvent } from 'react';
import { ErrorNote, Field, Progress, Select, TextArea } from '../components/ui';
import { ApiError, request } from '../lib/client';
import { graphql, type Enum } from '../lib/graphql';
import { navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { upload } from '../lib/upload';

const PUBLISH = graphql(`
  mutation Publish($input: PublishDesignVersionInput!) {
    publishDesignVersion(input: $input) {
      cid
      design {
        id
      }
    }
  }
`);

const IMPORT = graphql(`
  mutation ImportOkh($content: String!, $format: ManifestFormat!, $org: ID) {
    importOkhManifest(content: $content, format: $format, organizationId: $org) {
      design {
        id
      }
    }
  }
`);

const FORMATS: Record<string, Enum<'ManifestFormat'>> = { toml: 'TOML', yml: 'YAML', yaml: 'YAML', json: 'JSON' };

const LICENCES = [
  'CERN-OHL-S-2.0',
  'CERN-OHL-W-2.0',
  'CERN-OHL-P-2.0',
  'TAPR-OHL-1.0',
  'CC-BY-SA-4.0',
  'CC-BY-4.0',
  'CC0-1.0',
  'GPL-3.0-or-later',
  'MIT',
  'CC-BY-NC-SA-4.0',
];

interface PartRow {
  name: string;
  process: string;
  material: string;
}

// Publish a design (or a new version, or a remix): the files go to IPFS first, with a real
// progress bar, then the version is published pointing at them.
export function PublishPage() {
  const { query } = useLocation();
  const { me, organization } = useSession();
  const remix = query.get('remix');
  const designId = query.get('design');
  const [files, setFiles] = useState<File[]>([]);
  const [parts, setParts] = useState<PartRow[]>([{ name: '', process: '', material: '' }]);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  if (!me) return <p>Sign in to publish designs.</p>;

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setError(null);
    setBusy(true);
    try {
      let rootCid: string | undefined;
      if (files.length) {
        setProgress(0);
        const uploaded = await upload(
          files.map((f) => ({ file: f, path: f.webkitRelativePath || f.name })),
          setProgress,
        );
        rootCid = uploaded.cid;
      }
      const owner = form.get('owner') as string;
      const share = Number(form.get('shareBps') ?? 3000);
      const data = await request(PUBLISH, {
        input: {
          title: String(form.get('title') ?? ''),
          description: String(form.get('description') ?? '') || null,
          version: String(form.get('version') ?? '') || null,
          license: { hardware: String(form.get('licence') ?? '') },
          rootCid,
          designId: designId ?? null,
          organizationId: owner && owner !== 'me' ? owner : null,
          parts: parts
            .filter((p) => p.name.trim())
            .map((p, i) => ({
              id: `p${i + 1}`,
              name: p.name.trim(),
              process: p.process.trim() || null,
              material: p.material.trim() || null,
            })),
          derivativeOf: remix ? [{ versionCid: remix, shareBps: share }] : null,
        },
      });
      navigate(`/designs/${data.publishDesignVersion.design.id}`);
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err : new Error(String(err)));
      setProgress(null);
    } finally {
      setBusy(false);
    }
  };

  const setPart = (i: number, patch: Partial<PartRow>) => setParts((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <section aria-labelledby="publish-title">
      <h1 id="publish-title">{remix ? 'Remix a design' : designId ? 'Publish a new version' : 'Publish a design'}</h1>
      {remix && (
        <p className="muted">
          Remixing <code>{remix}</code>: part of the credit for your version flows to it (and on up its lineage).
        </p>
      )}
      <form onSubmit={submit} className="form">
        <Field label="Title" name="title" required minLength={2} defaultValue={query.get('title') ?? ''} />
        <TextArea label="Description" name="description" rows={4} />
        <Field label="Version" name="version" placeholder="1.0" />
        <Select label="Hardware licence" name="licence" defaultValue="CERN-OHL-S-2.0">
          {LICENCES.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </Select>
        {!designId && (
          <Select label="Published by" name="owner" defaultValue={organization?.id ?? 'me'}>
            <option value="me">me ({me.name})</option>
            {me.memberships.map((m) => (
              <option key={m.organization.id} value={m.organization.id}>
                {m.organization.name}
              </option>
            ))}
          </Select>
        )}
        {remix && (
          <Field
            label="Credit passed to the original (basis points, 100 = 1 %)"
            name="shareBps"
            type="number"
            min={0}
            max={10000}
            defaultValue={3000}
          />
        )}
        <div className="field">
          <label htmlFor="files">Files</label>
          <input id="files" type="file" multiple onChange={(e) => setFiles([...(e.target.files ?? [])])} />
          <small className="hint">CAD, drawings, instructions: they are stored on IPFS under one folder CID.</small>
          {files.length > 0 && <p className="small">{files.length} file(s) chosen</p>}
        </div>
        <fieldset>
          <legend>Parts</legend>
          {parts.map((p, i) => (
            <div className="row" key={i}>
              <Field label={`Part ${i + 1} name`} value={p.name} onChange={(e) => setPart(i, { name: e.target.value })} />
              <Field
                label="Process"
                value={p.process}
                placeholder="LASER_CUTTING"
                onChange={(e) => setPart(i, { process: e.target.value })}
              />
              <Field label="Material" value={p.material} placeholder="plywood" onChange={(e) => setPart(i, { material: e.target.value })} />
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => setParts((rows) => [...rows, { name: '', process: '', material: '' }])}
          >
            Add a part
          </button>
        </fieldset>
        {progress !== null && <Progress value={progress} label="Upload progress" />}
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Publishing…' : 'Publish'}
        </button>
      </form>
      {!remix && !designId && <ImportManifest organizationId={organization?.id ?? null} />}
    </section>
  );
}

// A design described elsewhere in Open Know-How (OKH-LOSH TOML/JSON, or OKH v1 YAML) comes in as is:
// licences, parts and BOM are read from the manifest.
function ImportManifest({ organizationId }: { organizationId: string | null }) {
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get('manifest') as File | null;
    const pasted = String(f.get('pasted') ?? '').trim();
    const format =
      (file && file.size ? FORMATS[file.name.split('.').pop()?.toLowerCase() ?? ''] : undefined) ??
      (String(f.get('format')) as Enum<'ManifestFormat'>);
    const content = file && file.size ? await file.text() : pasted;
    setError(null);
    if (!content) return setError(new Error('Choose a manifest file or paste one.'));
    setBusy(true);
    try {
      const data = await request(IMPORT, { content, format, org: f.get('asOrg') === 'on' ? organizationId : null });
      navigate(`/designs/${data.importOkhManifest.design.id}`);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby="okh-title">
      <h2 id="okh-title">Or import an Open Know-How manifest</h2>
      <div className="field">
        <label htmlFor="okh-file">Manifest file (.toml, .yml, .json)</label>
        <input id="okh-file" name="manifest" type="file" accept=".toml,.yml,.yaml,.json" />
      </div>
      <TextArea label="Or paste it" name="pasted" rows={6} />
      <Select label="Format of the pasted text" name="format" defaultValue="TOML">
        <option value="TOML">TOML (OKH-LOSH)</option>
        <option value="YAML">YAML (OKH v1)</option>
        <option value="JSON">JSON</option>
      </Select>
      {organizationId && (
        <label>
          <input type="checkbox" name="asOrg" /> Publish for the organization I act for
        </label>
      )}
      <ErrorNote error={error} />
      <button type="submit" disabled={busy}>
        {busy ? 'Importing…' : 'Import'}
      </button>
    </form>
  );
}
