import { useState } from 'react';
import { MapView, type MapPoint } from './map';
import { Field } from './ui';

// Addresses are looked up with OpenStreetMap's Nominatim from the browser, only when asked (its
// usage policy: one request at a time, on a person's action). Set VITE_GEOCODER_URL to use another.
const GEOCODER = (import.meta.env.VITE_GEOCODER_URL as string | undefined) ?? 'https://nominatim.openstreetmap.org/search';

// A place, picked on the map, found by its address, or typed: the coordinate fields stay the
// accessible way in, and work with no network at all.
export function LocationPicker({
  value,
  onChange,
  others = [],
  legend,
}: {
  value: { lat: number; lon: number } | null;
  onChange: (p: { lat: number; lon: number }) => void;
  others?: MapPoint[];
  legend: string;
}) {
  const [address, setAddress] = useState('');
  const [found, setFound] = useState<{ text: string; error: boolean } | null>(null);
  const points: MapPoint[] = [...(value ? [{ ...value, label: legend, tone: 'here' as const }] : []), ...others];
  const lookUp = async () => {
    if (!address.trim()) return;
    setFound(null);
    try {
      const res = await fetch(`${GEOCODER}?${new URLSearchParams({ format: 'jsonv2', limit: '1', q: address.trim() })}`, {
        headers: { accept: 'application/json' },
      });
      const [hit] = (await res.json()) as Array<{ lat: string; lon: string; display_name: string }>;
      if (!hit) return setFound({ text: 'No place found for that address; pick it on the map instead.', error: true });
      onChange({ lat: Number(Number(hit.lat).toFixed(5)), lon: Number(Number(hit.lon).toFixed(5)) });
      setFound({ text: hit.display_name, error: false });
    } catch {
      setFound({ text: 'The address service could not be reached: pick the place on the map or type its coordinates.', error: true });
    }
  };
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="form inline">
        <Field
          label="Find an address"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), void lookUp())}
        />
        <button type="button" className="secondary" onClick={() => void lookUp()}>
          Find
        </button>
      </div>
      {found && (
        <p className={found.error ? 'error' : 'muted small'} role="status">
          {found.text}
        </p>
      )}
      <MapView points={points} center={value ?? undefined} onPick={onChange} label={`${legend}: click the map to choose`} />
      <div className="row">
        <Field
          label="Latitude"
          type="number"
          step="any"
          min={-90}
          max={90}
          value={value?.lat ?? ''}
          onChange={(e) => e.target.value !== '' && onChange({ lat: Number(e.target.value), lon: value?.lon ?? 0 })}
        />
        <Field
          label="Longitude"
          type="number"
          step="any"
          min={-180}
          max={180}
          value={value?.lon ?? ''}
          onChange={(e) => e.target.value !== '' && onChange({ lat: value?.lat ?? 0, lon: Number(e.target.value) })}
        />
      </div>
    </fieldset>
  );
}
