import { useEffect, useState, type FormEvent } from 'react';
import { LocationPicker } from '../components/location';
import { ErrorNote, Field, Loading, Progress, Select, TextArea } from '../components/ui';
import { date, dateTime, label } from '../lib/format';
import { graphql, type Enum, type ResultOf } from '../lib/graphql';
import { useMutation, useQuery } from '../lib/hooks';
import { Link } from '../lib/router';
import { useSession } from '../lib/session';
import { upload } from '../lib/upload';

const FACILITIES = graphql(`
  query OrganizationFacilities($org: ID!) {
    organizationFacilities(organizationId: $org) {
      id
      name
      description
      capacityHoursPerWeek
      load
      verificationLevel
      location {
        lat
        lon
        city
        country
        address
      }
      equipment {
        process
        make
        model
        materials
        buildVolumeMm {
          x
          y
          z
        }
      }
    }
  }
`);

const REGISTER = graphql(`
  mutation RegisterFacility($input: RegisterFacilityInput!) {
    registerFacility(input: $input) {
      id
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdateFacility($id: ID!, $input: FacilityProfileInput!) {
    updateFacility(id: $id, input: $input) {
      id
    }
  }
`);

const BOARD = graphql(`
  query JobBoard($facility: ID!) {
    jobBoard(facilityId: $facility) {
      open {
        job {
          id
          label
          lineKey
          quantity
          estimatedHours
          request {
            id
            split
            dueDate
            designVersion {
              title
            }
          }
        }
        offer {
          rank
          distanceKm
          score
          reasons
        }
      }
      held {
        id
        label
        status
        quantity
        claimExpiresAt
        evidenceCids
        nextActions {
          to
          evidenceRequired
        }
        request {
          id
          dueDate
          designVersion {
            title
          }
        }
      }
    }
  }
`);

const CLAIM = graphql(`
  mutation Claim($request: ID!, $facility: ID!, $line: String) {
    claimProductionRequest(requestId: $request, facilityId: $facility, line: $line) {
      id
      status
    }
  }
`);

const ADVANCE = graphql(`
  mutation Advance($job: ID!, $to: JobStatus!, $evidence: [String!]) {
    advanceJob(jobId: $job, to: $to, evidenceCids: $evidence) {
      id
      status
    }
  }
`);

type Facility = ResultOf<typeof FACILITIES>['organizationFacilities'][number];

// For makerspaces: the organization's facilities (profile, equipment, location on the map) and
// the job board: offers matched to a facility, and the jobs it holds, moved along with QC evidence.
export function MakerspacePage() {
  const { organization, role, me } = useSession();
  const facilities = useQuery(FACILITIES, { org: organization?.id ?? '' }, { skip: !organization });
  const [selected, setSelected] = useState<string | null>(null); // a facility id, 'new' or none
  if (!me) return <p>Sign in to manage your makerspace.</p>;
  if (!organization)
    return (
      <p>
        Create or join an organization first (on <Link to="/account">your account page</Link>).
      </p>
    );
  if (facilities.loading) return <Loading what="Loading facilities" />;
  const list = facilities.data?.organizationFacilities ?? [];
  const current = selected === 'new' ? null : (list.find((f) => f.id === selected) ?? list[0] ?? null);
  const admin = role === 'ADMIN';
  return (
    <section aria-labelledby="maker-title">
      <h1 id="maker-title">{organization.name}: facilities and jobs</h1>
      <ErrorNote error={facilities.error} />
      {list.length > 0 && (
        <Select label="Facility" value={current?.id ?? 'new'} onChange={(e) => setSelected(e.target.value)}>
          {list.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
          {admin && <option value="new">+ register another facility</option>}
        </Select>
      )}
      {current && (
        <p className="muted">
          {label(current.verificationLevel)} · load {Math.round(current.load * 100)} % of {current.capacityHoursPerWeek} h/week
        </p>
      )}
      {current && <JobBoard facilityId={current.id} />}
      {admin ? (
        <FacilityEditor
          key={current?.id ?? 'new'}
          organizationId={organization.id}
          facility={current}
          onSaved={(id) => (setSelected(id), facilities.reload())}
        />
      ) : (
        !current && <p>No facility yet: an admin of {organization.name} registers one.</p>
      )}
    </section>
  );
}

interface EquipmentRow {
  process: string;
  make: string;
  model: string;
  materials: string;
  x: string;
  y: string;
  z: string;
}

function FacilityEditor({
  organizationId,
  facility,
  onSaved,
}: {
  organizationId: string;
  facility: Facility | null;
  onSaved: (id: string) => void;
}) {
  const register = useMutation(REGISTER);
  const update = useMutation(UPDATE);
  const [where, setWhere] = useState<{ lat: number; lon: number } | null>(
    facility?.location ? { lat: facility.location.lat, lon: facility.location.lon } : null,
  );
  const [rows, setRows] = useState<EquipmentRow[]>(
    facility?.equipment.length
      ? facility.equipment.map((e) => ({
          process: e.process,
          make: e.make ?? '',
          model: e.model ?? '',
          materials: e.materials.join(', '),
          x: String(e.buildVolumeMm?.x ?? ''),
          y: String(e.buildVolumeMm?.y ?? ''),
          z: String(e.buildVolumeMm?.z ?? ''),
        }))
      : [{ process: '', make: '', model: '', materials: '', x: '', y: '', z: '' }],
  );
  const [saved, setSaved] = useState(false);
  const error = register.error ?? update.error;
  const setRow = (i: number, patch: Partial<EquipmentRow>) => setRows((r) => r.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setSaved(false);
    const f = new FormData(e.currentTarget);
    const profile = {
      name: String(f.get('name')),
      description: String(f.get('description') ?? '') || null,
      capacityHoursPerWeek: Number(f.get('capacity')),
      location: where
        ? {
            ...where,
            city: String(f.get('city') ?? '') || null,
            country: String(f.get('country') ?? '') || null,
            address: String(f.get('address') ?? '') || null,
          }
        : null,
      locationPublic: f.get('public') === 'on',
      equipment: rows
        .filter((r) => r.process.trim())
        .map((r) => ({
          process: r.process.trim(),
          make: r.make.trim() || null,
          model: r.model.trim() || null,
          materials: r.materials
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean),
          buildVolumeMm: r.x && r.y && r.z ? { x: Number(r.x), y: Number(r.y), z: Number(r.z) } : null,
        })),
    };
    const id = facility
      ? (await update.run({ id: facility.id, input: profile }))?.updateFacility.id
      : (await register.run({ input: { ...profile, organizationId } }))?.registerFacility.id;
    if (id) {
      setSaved(true);
      onSaved(id);
    }
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby="editor-title">
      <h2 id="editor-title">{facility ? `Profile of ${facility.name}` : 'Register a facility'}</h2>
      <Field label="Facility name" name="name" required defaultValue={facility?.name ?? ''} />
      <TextArea label="What you make and how" name="description" rows={3} defaultValue={facility?.description ?? ''} />
      <Field
        label="Machine hours per week"
        name="capacity"
        type="number"
        min={0}
        step="any"
        required
        defaultValue={facility?.capacityHoursPerWeek ?? 40}
      />
      <LocationPicker legend="Where it is" value={where} onChange={setWhere} />
      <div className="row">
        <Field label="Address" name="address" defaultValue={facility?.location?.address ?? ''} />
        <Field label="City" name="city" defaultValue={facility?.location?.city ?? ''} />
        <Field label="Country (ISO code)" name="country" maxLength={2} defaultValue={facility?.location?.country ?? ''} />
      </div>
      <label>
        <input type="checkbox" name="public" /> Show the exact location to everyone (otherwise only the city)
      </label>
      <fieldset>
        <legend>Equipment</legend>
        {rows.map((r, i) => (
          <div className="row" key={i}>
            <Field
              label={`Machine ${i + 1} process`}
              value={r.process}
              placeholder="laser, 3D printing, CNC milling"
              onChange={(e) => setRow(i, { process: e.target.value })}
            />
            <Field label="Make" value={r.make} onChange={(e) => setRow(i, { make: e.target.value })} />
            <Field label="Model" value={r.model} onChange={(e) => setRow(i, { model: e.target.value })} />
            <Field label="Materials (comma-separated)" value={r.materials} onChange={(e) => setRow(i, { materials: e.target.value })} />
            <Field label="Build volume x (mm)" type="number" value={r.x} onChange={(e) => setRow(i, { x: e.target.value })} />
            <Field label="y (mm)" type="number" value={r.y} onChange={(e) => setRow(i, { y: e.target.value })} />
            <Field label="z (mm)" type="number" value={r.z} onChange={(e) => setRow(i, { z: e.target.value })} />
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => setRows((r) => [...r, { process: '', make: '', model: '', materials: '', x: '', y: '', z: '' }])}
        >
          Add a machine
        </button>
      </fieldset>
      <ErrorNote error={error} />
      {saved && <p role="status">Saved.</p>}
      <button type="submit" disabled={register.pending || update.pending}>
        {facility ? 'Save profile' : 'Register facility'}
      </button>
    </form>
  );
}

// Button labels by the status a move leads to; which moves exist comes from the API (nextActions).
const MOVE_LABEL: Record<Enum<'JobStatus'>, string> = {
  OPEN: 'Release the claim',
  CLAIMED: 'Claim',
  IN_PRODUCTION: 'Start production',
  READY: 'Mark ready (with QC evidence)',
  DELIVERED: 'Mark delivered',
  ACCEPTED: 'Accept delivery',
  DISPUTED: 'Dispute',
  SETTLED: 'Settle',
  CANCELLED: 'Cancel',
};

// Moves that undo or abandon work come after the ones that take it forward.
const BACKWARD = new Set<Enum<'JobStatus'>>(['OPEN', 'CANCELLED', 'DISPUTED']);

function JobBoard({ facilityId }: { facilityId: string }) {
  const board = useQuery(BOARD, { facility: facilityId });
  const claim = useMutation(CLAIM);
  const advance = useMutation(ADVANCE);
  const [evidence, setEvidence] = useState<Record<string, { files: File[]; progress: number | null }>>({});
  const [uploadError, setUploadError] = useState<Error | null>(null);
  useEffect(() => setEvidence({}), [facilityId]);
  if (board.loading && !board.data) return <Loading what="Loading the job board" />;
  const data = board.data?.jobBoard;
  const move = async (jobId: string, to: Enum<'JobStatus'>, evidenceRequired: boolean) => {
    setUploadError(null);
    let cids: string[] | null = null;
    if (evidenceRequired) {
      const files = evidence[jobId]?.files ?? [];
      if (!files.length) return setUploadError(new Error('Attach photos or a QC report first: a job is READY only with evidence.'));
      try {
        const done = await upload(
          files.map((f) => ({ file: f, path: f.name })),
          (p) => setEvidence((e) => ({ ...e, [jobId]: { files, progress: p } })),
          jobId,
        );
        cids = done.files.map((f) => f.cid);
      } catch (err) {
        return setUploadError(err as Error);
      }
    }
    if (await advance.run({ job: jobId, to, evidence: cids })) board.reload();
  };
  return (
    <section aria-labelledby="board-title">
      <h2 id="board-title">
        Job board{' '}
        <button type="button" className="link small" onClick={board.reload}>
          refresh
        </button>
      </h2>
      <ErrorNote error={board.error ?? claim.error ?? advance.error ?? uploadError} />
      <h3>Offered to this facility</h3>
      {data?.open.length ? (
        <ul className="cards">
          {data.open.map(({ job, offer }) => (
            <li key={job.id} className="card">
              <h4>{job.request.designVersion.title}</h4>
              <p>
                {job.label}: {job.quantity} piece(s), about {job.estimatedHours} h · due {date(job.request.dueDate)}
              </p>
              <p className="muted small">
                Match #{offer.rank}, {offer.distanceKm.toFixed(1)} km away: {offer.reasons.join('; ')}
              </p>
              <button
                type="button"
                onClick={async () =>
                  (await claim.run({ request: job.request.id, facility: facilityId, line: job.request.split ? job.lineKey : null })) &&
                  board.reload()
                }
              >
                Claim <span className="sr-only">{job.request.designVersion.title}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No open offers right now.</p>
      )}
      <h3>Held by this facility</h3>
      {data?.held.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Next</th>
            </tr>
          </thead>
          <tbody>
            {data.held.map((j) => {
              const ev = evidence[j.id];
              return (
                <tr key={j.id}>
                  <td>
                    {j.request.designVersion.title}{' '}
                    <span className="muted">
                      ({j.label}, ×{j.quantity}, due {date(j.request.dueDate)})
                    </span>
                    {j.claimExpiresAt && j.status === 'CLAIMED' && (
                      <div className="small muted">Start before {dateTime(j.claimExpiresAt)} or the claim lapses.</div>
                    )}
                  </td>
                  <td>{label(j.status)}</td>
                  <td>
                    {j.nextActions.some((a) => a.evidenceRequired) && (
                      <div className="field">
                        <label htmlFor={`qc-${j.id}`}>QC evidence</label>
                        <input
                          id={`qc-${j.id}`}
                          type="file"
                          multiple
                          onChange={(e) => setEvidence((x) => ({ ...x, [j.id]: { files: [...(e.target.files ?? [])], progress: null } }))}
                        />
                        {ev?.progress != null && <Progress value={ev.progress} label="Evidence upload progress" />}
                      </div>
                    )}
                    {[...j.nextActions]
                      .sort((a, b) => Number(BACKWARD.has(a.to)) - Number(BACKWARD.has(b.to)))
                      .map((a) => (
                        <button
                          key={a.to}
                          type="button"
                          disabled={advance.pending}
                          onClick={() => void move(j.id, a.to, a.evidenceRequired)}
                        >
                          {MOVE_LABEL[a.to]}
                        </button>
                      ))}
                    {j.evidenceCids.length > 0 && <div className="small">{j.evidenceCids.length} evidence file(s)</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">Nothing held.</p>
      )}
    </section>
  );
}
