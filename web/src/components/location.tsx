import { MapView, type MapPoint } from './map';
import { Field } from './ui';

// A place, picked on the map or typed: latitude and longitude fields stay the accessible way in.
export function LocationPicker({ value, onChange, others = [], legend }: { value: { lat: number; lon: number } | null; onChange: (p: { lat: number; lon: number }) => void; others?: MapPoint[]; legend: string }) {
  const points: MapPoint[] = [...(value ? [{ ...value, label: legend, tone: 'here' as const }] : []), ...others];
  return (
    <fieldset>
      <legend>{legend}</legend>
      <MapView points={points} center={value ?? undefined} onPick={onChange} label={`${legend}: click the map to choose`} />
      <div className="row">
        <Field label="Latitude" type="number" step="any" min={-90} max={90} value={value?.lat ?? ''} onChange={(e) => e.target.value !== '' && onChange({ lat: Number(e.target.value), lon: value?.lon ?? 0 })} />
        <Field label="Longitude" type="number" step="any" min={-180} max={180} value={value?.lon ?? ''} onChange={(e) => e.target.value !== '' && onChange({ lat: value?.lat ?? 0, lon: Number(e.target.value) })} />
      </div>
    </fieldset>
  );
}
